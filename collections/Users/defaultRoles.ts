import type { DefaultValue } from 'payload'

import type { Role } from '../../access/roles'

/**
 * The roles a new account starts with: `admin` for the first account of a database (which
 * `hooks/makeFirstUserAdmin` makes an admin whatever is sent), `writer` for every later one.
 *
 * As the `roles` field's default it is what the admin panel's forms show, so the "create first user" screen
 * shows "Admin", the role the account will get, instead of "Writer". A logged-in requester proves an account
 * exists, so only anonymous requests (the first-user screen, scripts) pay for the count.
 *
 * @param args.req - the request; its `payload` counts the accounts, inside its transaction.
 * @param args.user - the requester, or null when anonymous.
 * @returns `['admin']` while no account exists, otherwise `['writer']`.
 */
export const defaultRoles: DefaultValue = async ({ req, user }): Promise<Role[]> => {
  if (user) {
    return ['writer']
  }
  const { totalDocs } = await req.payload.count({ collection: 'users', overrideAccess: true, req })
  return totalDocs === 0 ? ['admin'] : ['writer']
}

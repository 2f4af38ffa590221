import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '../../../src/payload-types'

/**
 * The first account created (through the admin panel's "create first user" screen) becomes an admin,
 * otherwise nobody could ever manage users.
 */
export const makeFirstUserAdmin: CollectionBeforeChangeHook<User> = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const { totalDocs } = await req.payload.count({ collection: 'users', overrideAccess: true, req })
  if (totalDocs === 0) {
    data.roles = ['admin']
  }
  return data
}

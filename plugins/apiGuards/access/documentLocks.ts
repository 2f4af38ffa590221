import type { Access, SanitizedConfig } from 'payload'

import { isEditorial } from '../../../access/roles'

/** The slug of the collection Payload adds to record who is editing which document. */
export const LOCKED_DOCUMENTS_SLUG = 'payload-locked-documents'

/** A lock names its holder as `{ relationTo, value }` (its `user` field may point to any auth collection). */
type LockHolder = { relationTo?: unknown; value?: unknown } | null | undefined

/** Editors and admins may change or remove any lock (taking over an edit); writers only their own. */
const ownLocks: Access = ({ req: { user } }) => {
  if (!user) {
    return false
  }
  return isEditorial(user) ? true : { 'user.value': { equals: user.id } }
}

/** Whether a lock's holder, as sent, is the requesting user. */
const isSelf = (holder: LockHolder, user: { collection?: string; id: number | string }) =>
  holder?.relationTo === user.collection && String(holder?.value) === String(user.id)

/** Editors and admins may create any lock; writers only a lock in their own name. */
const createOwnLock: Access = ({ data, req: { user } }) => {
  if (!user) {
    return false
  }
  return isEditorial(user) || isSelf((data as { user?: LockHolder } | undefined)?.user, user)
}

/** Editors and admins may change any lock; writers only their own, and not hand it to someone else. */
const updateOwnLock: Access = (args) => {
  const {
    data,
    req: { user },
  } = args
  const holder = (data as { user?: LockHolder } | undefined)?.user
  if (user && !isEditorial(user) && holder !== undefined && !isSelf(holder, user)) {
    return false
  }
  return ownLocks(args)
}

/**
 * Narrows the access of Payload's document-lock collection. Payload adds it after the config is built, with
 * "any logged-in user" for everything, so over REST or GraphQL a writer could lock any article in an editor's
 * name (their saves then got 423) or delete other people's locks. The admin panel takes and releases locks in
 * its own name, which stays allowed; reading stays open to staff, who must see who is editing what.
 * Workaround: Payload 3.90.1 gives `payload-locked-documents` create, update and delete to any logged-in user.
 *
 * @param config - the sanitised config from `buildConfig`.
 * @returns the same config, its lock collection's access replaced (unchanged when Payload added none).
 */
export function restrictDocumentLocks(config: SanitizedConfig): SanitizedConfig {
  const locks = config.collections.find((collection) => collection.slug === LOCKED_DOCUMENTS_SLUG)
  if (locks) {
    locks.access = { ...locks.access, create: createOwnLock, delete: ownLocks, update: updateOwnLock }
  }
  return config
}

import type { Access } from 'payload'

/**
 * Logged-in users see every document, the trash included; anonymous readers only published documents that are
 * not in the trash (taking a story down moves it there, and `?trash=true` must not bring it back). Returned as a
 * `Where`, so the database filters (lists, counts, joins and population all obey it) rather than the API after
 * the fact.
 */
export const publishedOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) {
    return true
  }
  return { _status: { equals: 'published' }, deletedAt: { exists: false } }
}

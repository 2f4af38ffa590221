import type { Access } from 'payload'

/**
 * Logged-in users see every document; anonymous readers only published ones. Returned as a `Where`, so the
 * database filters (lists, counts, joins and population all obey it) rather than the API after the fact.
 */
export const publishedOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) {
    return true
  }
  return { _status: { equals: 'published' } }
}

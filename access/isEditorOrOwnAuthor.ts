import type { Access } from 'payload'

import { hasRole, isEditorial } from './roles'

/**
 * Editors and admins may update any article; a writer only those whose `authors` include the author profile
 * linked to their account (`users.author`), and none without such a link. Returned as a `Where`, so bulk
 * updates are filtered by the database too.
 */
export const isEditorOrOwnAuthor: Access = ({ req: { user } }) => {
  if (isEditorial(user)) {
    return true
  }
  if (!user || !hasRole(user, 'writer')) {
    return false
  }
  const author = (user as { author?: unknown }).author
  const authorId = typeof author === 'object' && author !== null ? (author as { id: number | string }).id : author
  if (authorId === undefined || authorId === null) {
    return false
  }
  return { authors: { in: [authorId as number | string] } }
}

import type { Access } from 'payload'

import { hasRole, isEditorial } from './roles'

/**
 * Editors and admins may update any article; a writer only those whose `authors` include the author profile
 * linked to their account (`users.author`), and none without such a link, and never to publish them (Payload
 * asks this rule with `_status: 'published'` to decide whether the admin panel shows a Publish button).
 * Returned as a `Where`, so bulk updates are filtered by the database too.
 */
export const isEditorOrOwnAuthor: Access = ({ data, req: { user } }) => {
  if (isEditorial(user)) {
    return true
  }
  if (!user || !hasRole(user, 'writer') || (data as { _status?: string } | undefined)?._status === 'published') {
    return false
  }
  const author = (user as { author?: unknown }).author
  const authorId = typeof author === 'object' && author !== null ? (author as { id: number | string }).id : author
  if (authorId === undefined || authorId === null) {
    return false
  }
  return { authors: { in: [authorId as number | string] } }
}

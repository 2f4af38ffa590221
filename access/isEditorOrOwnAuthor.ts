import type { Access } from 'payload'

import { relationId } from '../utilities/relationId'
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
  const authorId = relationId((user as { author?: unknown }).author)
  if (authorId === undefined) {
    return false
  }
  return { authors: { in: [authorId] } }
}

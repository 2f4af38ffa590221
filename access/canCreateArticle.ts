import type { Access } from 'payload'

import { relationId } from '../utilities/relationId'
import { isEditorial } from './roles'

/**
 * Editors and admins may create articles, published or not; a writer only drafts, and only with an author profile
 * linked to their account (`users.author`): a writer's article must credit it (the `requireOwnByline` hook), and
 * without one they could never edit what they made. The admin panel hides "Create New" from a writer without one.
 */
export const canCreateArticle: Access = ({ data, req: { user } }) => {
  if (!user) {
    return false
  }
  if (isEditorial(user)) {
    return true
  }
  const hasByline = relationId((user as { author?: unknown }).author) !== undefined
  return hasByline && (data as { _status?: string } | undefined)?._status !== 'published'
}

import type { Access } from 'payload'

import { isEditorial } from './roles'

/** Any logged-in user may create an article; only editors and admins may create it already published. */
export const canCreateArticle: Access = ({ data, req: { user } }) => {
  if (!user) {
    return false
  }
  return isEditorial(user) || (data as { _status?: string } | undefined)?._status !== 'published'
}

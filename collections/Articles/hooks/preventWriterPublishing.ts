import type { CollectionBeforeOperationHook } from 'payload'

import { APIError, Forbidden } from 'payload'

import { isEditorial } from '../../../access/roles'

/** The values of Payload's `_status` field. */
const STATUSES = new Set(['draft', 'published'])

/**
 * Writers draft; only editors and admins change what readers see. For a writer this refuses:
 * - a create or update that asks for `_status: 'published'`;
 * - any save of a published article that is not a draft save (`draft: true`): it would change the live story
 *   without an editor, or unpublish it (a plain save over a newer draft takes the draft's status);
 * - a bulk update (by `where`) that is not a draft save, since it may reach published articles;
 * - taking an article out of the trash, and restoring a version (which replaces status and all).
 * A writer's create, a duplicate included, is always a draft (a duplicate otherwise copies its source's status).
 * Saving a draft over a published article stays allowed: the published version is untouched. Local API calls
 * without a user (the importer) are not concerned.
 *
 * For everyone, `_status` must be one of Payload's two values: Payload stored others as sent (`"published\u0000"`
 * passed the writer check and was read back as published from the version), and an array failed with a 500.
 *
 * @throws APIError 400 for a `_status` other than "draft" or "published"; Forbidden (403) for a writer's
 *   publish, unpublish or live edit.
 */
export const preventWriterPublishing: CollectionBeforeOperationHook<'articles'> = async ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update' && operation !== 'restoreVersion') {
    return args
  }
  const data = (args as { data?: unknown }).data as null | Record<string, unknown> | undefined
  const status = data?._status
  if (status !== undefined && status !== null && !(typeof status === 'string' && STATUSES.has(status))) {
    throw new APIError('_status must be "draft" or "published".', 400, {}, true)
  }
  const { user } = req
  if (!user || isEditorial(user)) {
    return args
  }
  if (status === 'published') {
    throw new Forbidden(req.t)
  }
  if (operation === 'restoreVersion') {
    // Restoring a version replaces the article, status included: on a live story it publishes or unpublishes.
    throw new Forbidden(req.t)
  }
  if (operation === 'create') {
    // A duplicate copies its source's status unless the data names one; a writer's new article is a draft.
    if (data && typeof data === 'object') {
      data._status = 'draft'
    }
    return args
  }
  // Taking an article out of the trash (clearing deletedAt) puts a story that was taken down back online.
  if (operation === 'update' && data && typeof data === 'object' && 'deletedAt' in data) {
    throw new Forbidden(req.t)
  }
  if (operation === 'update' && !(args as { draft?: boolean }).draft) {
    // Update arguments carry the id (by-id updates) or a `where` (bulk updates); the hook type does not say so.
    const { id } = args as { id?: number | string }
    if (id === undefined) {
      throw new Forbidden(req.t)
    }
    const current = await req.payload.findByID({
      id,
      collection: 'articles',
      depth: 0,
      disableErrors: true,
      overrideAccess: true,
      req,
      select: { _status: true },
      // A trashed article is still published underneath: a plain save that restores it must be refused too.
      trash: true,
    })
    if (current?._status === 'published') {
      throw new Forbidden(req.t)
    }
  }
  return args
}

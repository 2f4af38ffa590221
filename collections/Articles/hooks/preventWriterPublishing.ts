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
 * - a bulk update (by `where`) that is not a draft save, since it may reach published articles.
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
  if (operation !== 'create' && operation !== 'update') {
    return args
  }
  const status = (args.data as { _status?: unknown } | null | undefined)?._status
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
  if (operation === 'update' && !args.draft) {
    // Update arguments carry the id (by-id updates) or a `where` (bulk updates); the hook type does not say so.
    const { id } = args as { id?: number | string }
    if (id === undefined) {
      throw new Forbidden(req.t)
    }
    const current = await req.payload.findByID({
      collection: 'articles',
      depth: 0,
      disableErrors: true,
      id,
      overrideAccess: true,
      req,
      select: { _status: true },
    })
    if (current?._status === 'published') {
      throw new Forbidden(req.t)
    }
  }
  return args
}

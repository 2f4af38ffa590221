import type { CollectionBeforeOperationHook } from 'payload'

import { Forbidden } from 'payload'

import { isEditorial } from '../../../access/roles'

/**
 * Writers draft; only editors and admins publish or unpublish. A writer's create or update that asks for
 * `_status: 'published'` is refused, and so is a non-draft save with `_status: 'draft'` of a published article
 * (that is what unpublishing is). Saving a draft over a published article (`draft: true`) stays allowed: the
 * published version is untouched. Local API calls without a user (the importer) are not concerned.
 *
 * @throws Forbidden (403) for a writer's publish or unpublish.
 */
export const preventWriterPublishing: CollectionBeforeOperationHook<'articles'> = async ({ args, operation, req }) => {
  const { user } = req
  if (!user || isEditorial(user) || (operation !== 'create' && operation !== 'update')) {
    return args
  }
  const status = (args.data as { _status?: string } | undefined)?._status
  if (status === 'published') {
    throw new Forbidden(req.t)
  }
  // Update arguments carry the id (by-id updates) or a `where` (bulk updates); the hook type does not say so.
  const { id } = args as { id?: number | string }
  if (operation === 'update' && status === 'draft' && !args.draft) {
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

import type { CollectionBeforeOperationHook } from 'payload'

import { previewClaimOf } from '../../../access/previewClaim'

/**
 * Refuses any operation, on any collection, of a request whose `Authorization: Preview <token>` header holds a token
 * that is expired, altered or not a preview token, before anything is read or written. Without it only an article
 * read would notice; every other read would answer as to an anonymous reader and hide why no draft came back.
 * A valid token passes: what it grants is decided by the articles' read access alone.
 *
 * @throws PreviewTokenRefused (APIError 401) naming the problem (access/previewClaim.ts).
 */
export const refuseBadPreviewTokens: CollectionBeforeOperationHook = async ({ args, req }) => {
  await previewClaimOf(req)
  return args
}

import type { CollectionBeforeOperationHook } from 'payload'

import { previewClaimOf } from '../../../access/previewClaim'

/**
 * A reader who may not see drafts (no user, no preview token) reads `draft=true` as a plain read: the published
 * version of each story. Payload answers a list with `draft=true` from each story's latest version and applies the
 * reader's access (`_status` published) to that version, so a published story with a newer pending draft was left
 * out of the list altogether (REST, GraphQL and the Local API alike), while its page by id still showed it.
 * Staff, preview-token bearers (the site's preview reads its draft this way) and calls that override access keep
 * `draft` as asked.
 *
 * @throws PreviewTokenRefused (401) for an expired or altered preview token, as the read's access would.
 */
export const readPublishedForReaders: CollectionBeforeOperationHook<'articles'> = async ({ args, operation, req }) => {
  const { draft, overrideAccess } = args as { draft?: boolean; overrideAccess?: boolean }
  if (operation !== 'read' || !draft || overrideAccess || req.user || (await previewClaimOf(req))) {
    return args
  }
  return { ...args, draft: false }
}

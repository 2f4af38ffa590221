import type { Access, Where } from 'payload'

import { previewClaimOf } from './previewClaim'
import { publishedOrAuthenticated } from './publishedOrAuthenticated'

/**
 * {@link publishedOrAuthenticated}, and for the bearer of a preview token (`Authorization: Preview <token>`, minted
 * by POST /api/articles/:id/preview) also the one article it names, its drafts included (`draft=true` reads the
 * latest version through this same `Where`: Payload maps `id` to the version's `parent`). Not in the trash: a story
 * taken down is not kept readable by a preview link. Everything else the bearer reads as an anonymous reader.
 *
 * @throws PreviewTokenRefused (APIError 401) for a preview token that is expired, altered or not a preview token
 *   (access/previewClaim.ts).
 */
export const publishedPreviewedOrAuthenticated: Access = async (args) => {
  const readable = await publishedOrAuthenticated(args)
  if (readable === true) {
    return true
  }
  const claim = await previewClaimOf(args.req)
  if (!claim) {
    return readable
  }
  const previewed: Where = { id: { equals: claim.articleId }, deletedAt: { exists: false } }
  return typeof readable === 'object' ? { or: [readable, previewed] } : previewed
}

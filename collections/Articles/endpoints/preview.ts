import type { CollectionSlug, Endpoint, GeneratePreviewURL, LivePreviewConfig, PayloadRequest } from 'payload'

import { Forbidden, headersWithCors, UnauthorizedError } from 'payload'

import { getSettings } from '../../../src/settings'
import { signPreviewToken } from '../../../utilities/previewToken'
import { publicUrl } from '../../../utilities/publicUrls'

/** The collection these endpoints belong to (collections/Articles; its constant would be a circular import). */
const ARTICLES: CollectionSlug = 'articles'

/** What POST /api/articles/:id/preview answers. */
export type PreviewLink = {
  /** When the token stops working, ISO 8601 in UTC. */
  expiresAt: string
  /** The token, for `Authorization: Preview <token>`. */
  token: string
  /** The article's page on the public site with the token as `?preview=<token>`. */
  url: string
}

/**
 * Whether the request's user may save a draft of an article: the collection's own `update` rule, asked as a draft
 * save asks it (`_status: 'draft'`, so a writer's own published story counts: they may draft over it), with a
 * `Where` answer checked against the article in the database, as Payload's update does.
 */
async function mayEditDraft(req: PayloadRequest, id: number | string): Promise<boolean> {
  const update = req.payload.collections[ARTICLES].config.access.update
  // Generated types describe SQLite's numeric ids; MongoDB's string ids pass through unchanged.
  const result = await update({ id: id as number, data: { _status: 'draft' }, req })
  if (typeof result !== 'object') {
    return Boolean(result)
  }
  const { totalDocs } = await req.payload.count({
    collection: ARTICLES,
    overrideAccess: true,
    req,
    trash: true,
    where: { and: [{ id: { equals: id } }, result] },
  })
  return totalDocs === 1
}

/**
 * Mints a preview link for an article the request's user may edit.
 *
 * @param args.article - the article (its latest draft: the slug of the page to open).
 * @param args.req - the request; its user must be allowed to `update` the article.
 * @returns the link, or undefined when the user may not edit the article.
 */
export async function mintPreview({
  article,
  req,
}: {
  article: { id: number | string; slug?: null | string }
  req: PayloadRequest
}): Promise<PreviewLink | undefined> {
  if (!req.user || !(await mayEditDraft(req, article.id))) {
    return undefined
  }
  const settings = getSettings()
  const { expiresAt, token } = await signPreviewToken({
    articleId: article.id,
    secret: settings.secret.value,
    ttlSeconds: settings.previewTokenTtlSeconds,
  })
  // Site paths carry no query string (src/settings/site.ts), so the token is the only parameter.
  const url = new URL(publicUrl({ slug: article.slug ?? '', kind: 'article', site: settings.site }))
  url.searchParams.set('preview', token)
  return { expiresAt: expiresAt.toISOString(), token, url: url.href }
}

/**
 * POST /api/articles/:id/preview: a preview link for the article's latest draft (see {@link mintPreview} and
 * access/publishedPreviewedOrAuthenticated.ts for what it lets a frontend read).
 *
 * Answers 200 with {@link PreviewLink} and `Cache-Control: no-store`; 401 to anonymous requests; 404 for an id no
 * article has (as GET answers); 403 for an article the user may see but not edit (as PATCH answers).
 */
export const previewEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) {
      throw new UnauthorizedError(req.t)
    }
    const id = req.routeParams?.id as number | string
    // Payload's own read: 404 for an unknown id (and for an impossible one, plugins/apiGuards).
    const article = await req.payload.findByID({
      id,
      collection: ARTICLES,
      depth: 0,
      draft: true,
      overrideAccess: false,
      req,
      select: { slug: true },
    })
    const link = await mintPreview({ article, req })
    if (!link) {
      throw new Forbidden(req.t)
    }
    return Response.json(link, {
      headers: headersWithCors({ headers: new Headers({ 'Cache-Control': 'no-store' }), req }),
    })
  },
  method: 'post',
  path: '/:id/preview',
}

/**
 * The admin panel's Preview button (`admin.preview`): the article's public page with a fresh preview token, or
 * null (no link) for a user who may not edit it or an article not saved yet.
 */
export const adminPreviewUrl: GeneratePreviewURL = async (doc, { req }) => {
  const { id, slug } = doc as { id?: number | string; slug?: null | string }
  if (id === undefined) {
    return null
  }
  return (await mintPreview({ article: { id, slug }, req }))?.url ?? null
}

/**
 * The admin panel's live preview (`admin.livePreview.url`): the same link as the Preview button, for the draft
 * being edited; its page refreshes on every save and autosave (src/site/components/LivePreviewListener.tsx).
 */
export const adminLivePreviewUrl: NonNullable<LivePreviewConfig['url']> = async ({ data, req }) => {
  const { id, slug } = data as { id?: number | string; slug?: null | string }
  if (id === undefined || id === null) {
    return null
  }
  return (await mintPreview({ article: { id, slug }, req }))?.url ?? null
}

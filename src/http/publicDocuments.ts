import type { RequestHandler } from 'express'

/** Where Payload serves the public documents (root endpoints, endpoints/index.ts). */
export const PUBLIC_DOCUMENTS_MOUNT = '/api/public'

/**
 * The site-root paths of the public documents: the feeds (`/feed.xml`, `/feed.atom`, `/feed.json`, and the same
 * under `/authors/<slug>/` and `/tags/<slug>/`), the sitemaps (`/sitemap.xml`, `/sitemap-news.xml`,
 * `/sitemap-<collection>-<page>.xml`) and `/robots.txt`, where feed readers and crawlers look for them.
 */
const PUBLIC_DOCUMENT =
  /^\/(?:(?:(?:authors|tags)\/[^/?#]+\/)?feed\.(?:atom|json|xml)|sitemap(?:-[\w-]+)?\.xml|robots\.txt)(?:\?|$)/u

/**
 * Whether a request path (with its query) is one of the public documents' root paths.
 *
 * @param url - the request's URL as it came (`req.url`).
 */
export function isPublicDocumentPath(url: string): boolean {
  return PUBLIC_DOCUMENT.test(url)
}

/**
 * Hands a request for a public document's root path to the API's chain under {@link PUBLIC_DOCUMENTS_MOUNT}, so
 * it gets what every API read gets (the guards, the rate limit, the response cache with its ETag, Cache-Control
 * and Surrogate-Key), and the request log still shows the path the client asked for (`originalUrl`).
 */
export const servePublicDocuments: RequestHandler = (req, _res, next) => {
  if ((req.method === 'GET' || req.method === 'HEAD') && isPublicDocumentPath(req.url)) {
    req.url = `${PUBLIC_DOCUMENTS_MOUNT}${req.url}`
  }
  next()
}

import type { Endpoint, Payload, PayloadRequest } from 'payload'

import type { PublicPageKind } from '../src/settings'
import type { SitemapEntry } from '../utilities/sitemaps'

import { getSettings } from '../src/settings'
import { publicUrl, serverOrigin } from '../utilities/publicUrls'
import {
  NEWS_SITEMAP_MAX_AGE_MS,
  NEWS_SITEMAP_MAX_URLS,
  newsSitemapXml,
  SITEMAP_MAX_URLS,
  SITEMAP_MEDIA_TYPE,
  sitemapIndexXml,
  sitemapXml,
} from '../utilities/sitemaps'
import { AS_ANONYMOUS_READER, documentResponse, notFound } from './publicReads'

/** The collections with a page per document, and the kind of page. */
const LISTED: Record<'articles' | 'authors' | 'tags', PublicPageKind> = {
  articles: 'article',
  authors: 'author',
  tags: 'tag',
}
type ListedCollection = keyof typeof LISTED

/** One sitemap's worth of a collection (page 1 first), oldest first so a page's URLs stay on that page. */
async function pageOf({
  collection,
  page,
  payload,
}: {
  collection: ListedCollection
  page: number
  payload: Payload
}): Promise<{ entries: SitemapEntry[]; totalPages: number }> {
  const site = getSettings().site
  const result = await payload.find({
    ...AS_ANONYMOUS_READER,
    collection,
    depth: 0,
    limit: SITEMAP_MAX_URLS,
    page,
    select: { slug: true, updatedAt: true },
    sort: ['createdAt', 'id'],
  })
  const entries = (result.docs as { slug?: null | string; updatedAt: string }[])
    .filter((doc) => doc.slug)
    .map((doc) => ({ lastmod: doc.updatedAt, url: publicUrl({ slug: doc.slug!, kind: LISTED[collection], site }) }))
  return { entries, totalPages: Math.max(1, result.totalPages) }
}

const newest = (entries: SitemapEntry[]): string | undefined =>
  entries.reduce<string | undefined>((latest, entry) => {
    return entry.lastmod && (!latest || entry.lastmod > latest) ? entry.lastmod : latest
  }, undefined)

/** `/sitemap.xml`: every page of every listed collection, and the News sitemap, each with its newest `lastmod`. */
async function sitemapIndex(req: PayloadRequest): Promise<Response> {
  const settings = getSettings()
  const server = serverOrigin(settings)
  const entries: SitemapEntry[] = []
  for (const collection of Object.keys(LISTED) as ListedCollection[]) {
    let page = 1
    let totalPages = 1
    do {
      const found = await pageOf({ collection, page, payload: req.payload })
      totalPages = found.totalPages
      entries.push({ lastmod: newest(found.entries), url: `${server}/sitemap-${collection}-${page}.xml` })
      page += 1
    } while (page <= totalPages)
  }
  entries.push({ url: `${server}/sitemap-news.xml` })
  return documentResponse({
    body: await sitemapIndexXml(entries),
    mediaType: SITEMAP_MEDIA_TYPE,
    surrogateKeys: Object.keys(LISTED),
  })
}

/** `/sitemap-<collection>-<page>.xml`: one page; 404 past the last one or for a page that is not a number. */
async function sitemapPage(req: PayloadRequest, collection: ListedCollection): Promise<Response> {
  const raw = String(req.routeParams?.page ?? '')
  const page = /^[1-9]\d{0,6}$/.test(raw) ? Number(raw) : undefined
  if (page === undefined) {
    return notFound(`Sitemap page "${raw}" is not a page number (1, 2, …).`)
  }
  const found = await pageOf({ collection, page, payload: req.payload })
  if (page > found.totalPages) {
    return notFound(`The ${collection} sitemap has ${found.totalPages} page(s); there is no page ${page}.`)
  }
  return documentResponse({
    body: await sitemapXml(found.entries),
    mediaType: SITEMAP_MEDIA_TYPE,
    surrogateKeys: [collection],
  })
}

/** `/sitemap-news.xml`: the stories of the last two days, newest first, at most 1,000. */
async function newsSitemap(req: PayloadRequest): Promise<Response> {
  const { site } = getSettings()
  const since = new Date(Date.now() - NEWS_SITEMAP_MAX_AGE_MS).toISOString()
  const { docs } = await req.payload.find({
    ...AS_ANONYMOUS_READER,
    collection: 'articles',
    depth: 0,
    limit: NEWS_SITEMAP_MAX_URLS,
    pagination: false,
    select: { slug: true, publishedAt: true, title: true },
    sort: ['-publishedAt', '-createdAt'],
    where: { publishedAt: { greater_than_equal: since } },
  })
  const stories = (
    docs as { id: number | string; publishedAt?: null | string; slug?: null | string; title: string }[]
  ).filter((doc) => doc.slug && doc.publishedAt)
  return documentResponse({
    body: await newsSitemapXml({
      entries: stories.map((doc) => ({
        publishedAt: doc.publishedAt!,
        title: doc.title,
        url: publicUrl({ slug: doc.slug!, kind: 'article', site }),
      })),
      site,
    }),
    mediaType: SITEMAP_MEDIA_TYPE,
    surrogateKeys: ['articles', ...stories.map((doc) => `article:${doc.id}`)],
  })
}

/**
 * The sitemaps as Payload root endpoints under `/api/public/` (also answered at the site's root paths,
 * src/http/publicDocuments.ts): the index `sitemap.xml`, one `sitemap-<collection>-<page>.xml` per
 * {@link SITEMAP_MAX_URLS} articles, authors and tags, and the Google News `sitemap-news.xml`.
 */
export const sitemapEndpoints: Endpoint[] = [
  { handler: sitemapIndex, method: 'get', path: '/public/sitemap.xml' },
  { handler: newsSitemap, method: 'get', path: '/public/sitemap-news.xml' },
  ...(Object.keys(LISTED) as ListedCollection[]).map(
    (collection): Endpoint => ({
      handler: (req) => sitemapPage(req, collection),
      method: 'get',
      path: `/public/sitemap-${collection}-:page.xml`,
    }),
  ),
]

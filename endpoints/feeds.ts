import type { Endpoint, Payload, PayloadRequest, Where } from 'payload'

import type { Article, Author, Media, Tag } from '../src/payload-types'
import type { FeedArticle, FeedFormat } from '../utilities/feeds'

import { getSettings } from '../src/settings'
import { FEED_MEDIA_TYPES, feedDocument } from '../utilities/feeds'
import { publicUrl, serverOrigin } from '../utilities/publicUrls'
import { AS_ANONYMOUS_READER, documentResponse, findBySlug, notFound } from './publicReads'

/** Stories per feed: the newest 20 published, about two days of a small newsroom's output. */
export const FEED_SIZE = 20

const FORMATS: FeedFormat[] = ['xml', 'atom', 'json']

/** Which stories a feed lists: all, one author's, or one tag's. */
type Scope = { kind: 'author' | 'tag'; slug: string } | { kind: 'latest' }

/** The newest published stories in a scope, as an anonymous reader sees them (authors, tags and hero populated). */
async function storiesOf(payload: Payload, where: undefined | Where): Promise<FeedArticle[]> {
  const isFull = getSettings().site.feedContent === 'full'
  const { docs } = await payload.find({
    ...AS_ANONYMOUS_READER,
    collection: 'articles',
    depth: 1,
    limit: FEED_SIZE,
    pagination: false,
    // The body is read with its rendition, so the rendition needs no second read.
    select: {
      slug: true,
      authors: true,
      ...(isFull ? { content: true, contentHtml: true } : {}),
      excerpt: true,
      heroImage: true,
      publishedAt: true,
      tags: true,
      title: true,
      updatedAt: true,
    },
    sort: ['-publishedAt', '-createdAt'],
    ...(where ? { where } : {}),
  })
  return (docs as Article[]).map((doc) => {
    const hero = typeof doc.heroImage === 'object' ? doc.heroImage : undefined
    return {
      id: doc.id,
      slug: doc.slug ?? String(doc.id),
      authors: (doc.authors ?? []).filter((author): author is Author => typeof author === 'object'),
      contentHtml: doc.contentHtml,
      excerpt: doc.excerpt,
      hero: hero?.url ? { filesize: hero.filesize, mimeType: hero.mimeType, url: hero.url } : undefined,
      publishedAt: doc.publishedAt,
      tags: (doc.tags ?? []).filter((tag): tag is Tag => typeof tag === 'object'),
      title: doc.title,
      updatedAt: doc.updatedAt,
    }
  })
}

/** Answers one feed in one format. */
async function feedResponse({
  format,
  req,
  scope,
}: {
  format: FeedFormat
  req: PayloadRequest
  scope: Scope
}): Promise<Response> {
  const settings = getSettings()
  const { site } = settings
  const server = serverOrigin(settings)
  let where: undefined | Where
  let channel: { description: string; link: string; path: string; title: string }
  const keys = ['articles']
  if (scope.kind === 'latest') {
    channel = { description: `The latest stories from ${site.name}.`, link: site.url, path: '/feed', title: site.name }
  } else {
    const collection = scope.kind === 'author' ? 'authors' : 'tags'
    const found = await findBySlug({ slug: scope.slug, collection, payload: req.payload })
    if (!found) {
      return notFound(`No ${scope.kind} has the slug "${scope.slug}".`)
    }
    where = { [collection]: { in: [found.id] } }
    keys.push(`${scope.kind}:${found.id}`)
    channel = {
      description:
        scope.kind === 'author'
          ? `Stories by ${found.name} in ${site.name}.`
          : `${site.name} stories on ${found.name}.`,
      link: publicUrl({ slug: found.slug, kind: scope.kind, site }),
      path: `/${collection}/${encodeURIComponent(found.slug)}/feed`,
      title: `${found.name} — ${site.name}`,
    }
  }
  const articles = await storiesOf(req.payload, where)
  const selfUrls = Object.fromEntries(FORMATS.map((ext) => [ext, `${server}${channel.path}.${ext}`])) as Record<
    FeedFormat,
    string
  >
  const body = feedDocument({
    articles,
    channel: { description: channel.description, link: channel.link, selfUrls, title: channel.title },
    format,
    mediaBase: server,
    site,
  })
  return documentResponse({
    body,
    mediaType: FEED_MEDIA_TYPES[format],
    surrogateKeys: [...keys, ...articles.map((article) => `article:${article.id}`)],
  })
}

/**
 * The feeds as Payload root endpoints, each in RSS 2.0 (`.xml`), Atom (`.atom`) and JSON Feed 1.1 (`.json`):
 * the newest {@link FEED_SIZE} stories (`/api/public/feed.xml`), one author's (`/api/public/authors/<slug>/feed.xml`)
 * and one tag's (`/api/public/tags/<slug>/feed.xml`). The server also answers them at the site's root paths
 * (`/feed.xml`, `/authors/<slug>/feed.xml`, …: src/http/publicDocuments.ts). An unknown slug answers 404.
 */
export const feedEndpoints: Endpoint[] = FORMATS.flatMap((format): Endpoint[] => [
  {
    handler: (req) => feedResponse({ format, req, scope: { kind: 'latest' } }),
    method: 'get',
    path: `/public/feed.${format}`,
  },
  ...(['author', 'tag'] as const).map(
    (kind): Endpoint => ({
      handler: (req) => feedResponse({ format, req, scope: { slug: String(req.routeParams?.slug ?? ''), kind } }),
      method: 'get',
      path: `/public/${kind}s/:slug/feed.${format}`,
    }),
  ),
])

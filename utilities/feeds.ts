import { Feed } from 'feed'

import type { SiteSettings } from '../src/settings'

import { absoluteMediaUrl, publicUrl } from './publicUrls'

/** The three feed formats, by the file extension they are served under. */
export type FeedFormat = 'atom' | 'json' | 'xml'

/** Media types of the formats: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 (jsonfeed.org/version/1.1). */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  xml: 'application/rss+xml; charset=utf-8',
}

/** What one story in a feed is made from, as an anonymous reader may see it. */
export type FeedArticle = {
  authors: { name: string; slug?: null | string }[]
  /** The body as HTML (the `contentHtml` rendition), for full-text feeds. */
  contentHtml?: null | string
  excerpt?: null | string
  hero?: { filesize?: null | number; mimeType?: null | string; url: string }
  id: number | string
  publishedAt?: null | string
  slug: string
  tags: { name: string; slug?: null | string }[]
  title: string
  updatedAt: string
}

/**
 * Text without the characters XML 1.0 forbids (its `Char` production: controls other than tab, newline and
 * carriage return, lone surrogates, U+FFFE and U+FFFF), which the API's own check lets through in part and which
 * would make a whole feed unreadable to every subscriber.
 */
const xmlText = (text: string): string => text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')

/** Which feed: the newsroom's latest stories, or one author's or one tag's. */
export type FeedChannel = {
  description: string
  /** The public page the feed follows (the home page, an author's page, a tag's page). */
  link: string
  /** Where each format of this feed is served, absolute. */
  selfUrls: Record<FeedFormat, string>
  title: string
}

/**
 * A feed of stories, newest first, in one format, made with the `feed` library (never by string concatenation):
 * each story's public URL, authors, tags as categories, publication and update dates, its hero image as the
 * enclosure, and its body as HTML when `FEED_CONTENT=full` (the dek otherwise). JSON Feed comes out at version 1.1
 * (`authors`, `language`), which the library, writing 1.0, does not know.
 *
 * @param args.articles - the stories, in the order to list them.
 * @param args.channel - see {@link FeedChannel}.
 * @param args.format - `xml` (RSS 2.0), `atom` or `json`.
 * @param args.mediaBase - the origin relative media URLs are resolved against.
 * @param args.site - the public site settings (name, language, URL patterns, full or excerpt).
 * @returns the document as text, for {@link FEED_MEDIA_TYPES}[format].
 */
export function feedDocument({
  articles,
  channel,
  format,
  mediaBase,
  site,
}: {
  articles: FeedArticle[]
  channel: FeedChannel
  format: FeedFormat
  mediaBase: string
  site: SiteSettings
}): string {
  const updated = articles.reduce<Date | undefined>((latest, article) => {
    const date = new Date(article.updatedAt)
    return latest && latest > date ? latest : date
  }, undefined)
  const feed = new Feed({
    id: channel.selfUrls[format],
    description: xmlText(channel.description),
    feedLinks: { atom: channel.selfUrls.atom, json: channel.selfUrls.json, rss: channel.selfUrls.xml },
    generator: 'Newsdesk',
    language: site.language,
    link: channel.link,
    title: xmlText(channel.title),
    // The newest change among the stories, so the same stories give the same bytes (and ETag) on every miss.
    updated: updated ?? new Date(0),
  })
  for (const article of articles) {
    const link = publicUrl({ slug: article.slug, kind: 'article', site })
    const hero = article.hero
    feed.addItem({
      // No list at all for a story without a byline: the library's JSON Feed reads the first entry of any list.
      author:
        article.authors.length > 0
          ? article.authors.map((author) => ({
              name: xmlText(author.name),
              ...(author.slug ? { link: publicUrl({ slug: author.slug, kind: 'author', site }) } : {}),
            }))
          : undefined,
      // RSS names a category and its page (`domain`); Atom needs a `term` (the slug) and shows the `label`.
      id: link,
      category: article.tags.map((tag) => ({
        // The library writes Atom's `label` attribute without escaping `<`: such a name goes by its term alone.
        name: format === 'atom' && tag.name.includes('<') ? undefined : xmlText(tag.name),
        term: xmlText(tag.slug ?? tag.name),
        ...(tag.slug ? { domain: publicUrl({ slug: tag.slug, kind: 'tag', site }) } : {}),
      })),
      content: site.feedContent === 'full' && article.contentHtml ? xmlText(article.contentHtml) : undefined,
      date: new Date(article.updatedAt),
      description: article.excerpt ? xmlText(article.excerpt) : undefined,
      enclosure: hero
        ? {
            type: hero.mimeType ?? undefined,
            length: hero.filesize ?? 0,
            url: absoluteMediaUrl(hero.url, mediaBase),
          }
        : undefined,
      link,
      published: article.publishedAt ? new Date(article.publishedAt) : undefined,
      title: xmlText(article.title),
    })
  }
  if (format === 'xml') {
    return feed.rss2()
  }
  if (format === 'atom') {
    return feed.atom1()
  }
  return jsonFeedOneOne({ articles, feed: JSON.parse(feed.json1()) as JsonFeed, mediaBase, site })
}

type JsonFeedAuthor = { name?: string; url?: string }
type JsonFeed = {
  author?: JsonFeedAuthor
  authors?: JsonFeedAuthor[]
  items: ({ author?: JsonFeedAuthor; authors?: JsonFeedAuthor[] } & Record<string, unknown>)[]
  language?: string
  version: string
} & Record<string, unknown>

/**
 * Version 1.1 of a JSON Feed the library wrote as 1.0: `authors` lists every author of a story (1.0 had room for
 * one), and the feed names its `language` (jsonfeed.org/version/1.1, "Changes since 1.0"). Each story gets its
 * hero as `image`, and a dek-only story carries the dek as `content_text`, not as HTML it is not.
 */
function jsonFeedOneOne({
  articles,
  feed,
  mediaBase,
  site,
}: {
  articles: FeedArticle[]
  feed: JsonFeed
  mediaBase: string
  site: SiteSettings
}): string {
  const upgraded: JsonFeed = {
    ...feed,
    items: feed.items.map(({ author: _author, content_html: html, ...item }, index) => {
      const article = articles[index]
      const hasHtml = site.feedContent === 'full' && Boolean(article.contentHtml)
      return {
        ...item,
        authors: article.authors.map((author) => ({
          name: author.name,
          ...(author.slug ? { url: publicUrl({ slug: author.slug, kind: 'author', site }) } : {}),
        })),
        ...(hasHtml ? { content_html: html } : { content_text: article.excerpt ?? '' }),
        ...(article.hero ? { image: absoluteMediaUrl(article.hero.url, mediaBase) } : {}),
      }
    }),
    language: site.language,
    version: 'https://jsonfeed.org/version/1.1',
  }
  return JSON.stringify(upgraded)
}

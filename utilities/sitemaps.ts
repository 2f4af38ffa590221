import type { IndexItem, SitemapItemLoose } from 'sitemap'

import { Readable } from 'node:stream'
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap'

import type { SiteSettings } from '../src/settings'

/** Most URLs one sitemap may list (sitemaps.org protocol: 50,000 URLs and 50 MB uncompressed). */
export const SITEMAP_MAX_URLS = 50_000

/**
 * The window and size of a Google News sitemap: articles published in the last two days, at most 1,000 of them
 * (Google Search Central, "Build and submit a news sitemap").
 */
export const NEWS_SITEMAP_MAX_AGE_MS = 2 * 24 * 60 * 60 * 1000
export const NEWS_SITEMAP_MAX_URLS = 1000

/** The media type sitemaps are served with. */
export const SITEMAP_MEDIA_TYPE = 'application/xml; charset=utf-8'

/** One page a sitemap lists: its absolute URL and when it last changed (ISO 8601). */
export type SitemapEntry = { lastmod?: string; url: string }

/** One story of a News sitemap. */
export type NewsSitemapEntry = { publishedAt: string; title: string; url: string }

/** Writes items through a stream of the `sitemap` library, which checks and escapes each one. */
async function written(stream: SitemapIndexStream | SitemapStream, items: IndexItem[] | SitemapItemLoose[]) {
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8')
}

/**
 * A sitemap (sitemaps.org 0.9) of at most {@link SITEMAP_MAX_URLS} pages.
 *
 * @param entries - the pages, absolute URLs.
 * @returns the XML document.
 * @throws Error from the `sitemap` library when a URL is not absolute.
 */
export function sitemapXml(entries: SitemapEntry[]): Promise<string> {
  const stream = new SitemapStream({
    level: ErrorLevel.THROW,
    xmlns: { image: false, news: false, video: false, xhtml: false },
  })
  return written(stream, entries.slice(0, SITEMAP_MAX_URLS))
}

/**
 * A sitemap index (sitemaps.org 0.9) listing other sitemaps.
 *
 * @param entries - each sitemap's absolute URL and the newest `lastmod` in it.
 * @returns the XML document.
 */
export function sitemapIndexXml(entries: SitemapEntry[]): Promise<string> {
  return written(new SitemapIndexStream({ level: ErrorLevel.THROW }), entries)
}

/**
 * The language of a Google News sitemap: an ISO 639 code, with `zh-cn` and `zh-tw` the only regional forms
 * Google accepts (Google's News sitemap reference, `<news:language>`).
 *
 * @param tag - a BCP 47 tag (`PUBLICATION_LANGUAGE`), e.g. `fr-MA`, `zh-Hant-TW`.
 */
export function newsLanguage(tag: string): string {
  const [language, ...rest] = tag.toLowerCase().split('-')
  if (language !== 'zh') {
    return language
  }
  return rest.includes('hant') || rest.includes('tw') || rest.includes('hk') ? 'zh-tw' : 'zh-cn'
}

/**
 * A Google News sitemap: the `news:` namespace with the publication's name and language, each story's title and
 * publication date. The caller picks the stories ({@link NEWS_SITEMAP_MAX_AGE_MS}, {@link NEWS_SITEMAP_MAX_URLS});
 * more than the limit are cut here.
 *
 * @param args.entries - stories, newest first.
 * @param args.site - the publication's name and language.
 * @returns the XML document.
 */
export function newsSitemapXml({
  entries,
  site,
}: {
  entries: NewsSitemapEntry[]
  site: SiteSettings
}): Promise<string> {
  const stream = new SitemapStream({
    level: ErrorLevel.THROW,
    xmlns: { image: false, news: true, video: false, xhtml: false },
  })
  const publication = { name: site.name, language: newsLanguage(site.language) }
  return written(
    stream,
    entries.slice(0, NEWS_SITEMAP_MAX_URLS).map((entry) => ({
      news: { publication, publication_date: entry.publishedAt, title: entry.title },
      url: entry.url,
    })),
  )
}

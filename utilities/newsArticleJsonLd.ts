import type { SiteSettings } from '../src/settings'
import type { MediaForHtml } from './articleHtml'

import { excerptFrom } from './excerpt'
import { absoluteMediaUrl, publicUrl } from './publicUrls'

/**
 * Longest `headline`, in characters: Google's Article structured data documentation
 * (developers.google.com/search/docs/appearance/structured-data/article) recommends headlines of at most 110.
 */
export const HEADLINE_MAX_LENGTH = 110

/** What the JSON-LD is built from: the article's own fields, and its byline, tags and hero as readers see them. */
export type JsonLdSource = {
  authors: { name: string; slug?: null | string }[]
  createdAt?: null | string
  excerpt?: null | string
  hero?: MediaForHtml
  metaDescription?: null | string
  publishedAt?: null | string
  slug?: null | string
  tags: { name: string }[]
  title?: null | string
  updatedAt?: null | string
  wordCount?: null | number
}

/** A schema.org NewsArticle in JSON-LD, as {@link newsArticleJsonLd} builds it. */
export type NewsArticleJsonLd = { '@context': 'https://schema.org'; '@type': 'NewsArticle' } & Record<string, unknown>

/**
 * The schema.org `NewsArticle` of an article, with the properties Google's Article documentation lists:
 * `headline` (≤ {@link HEADLINE_MAX_LENGTH} characters), `image` (the hero at each of its sizes, widest first),
 * `datePublished`, `dateModified`, `author` (`Person` entries with the author page as `url`) and `publisher`
 * (schema.org `Organization`, with its logo when `PUBLISHER_LOGO_URL` is set), plus `description`,
 * `mainEntityOfPage`, `url`, `wordCount`, `inLanguage`, `keywords` and `isAccessibleForFree` (every story is free).
 * Properties without a value (a draft's `datePublished`, a story without hero) are left out, never `null`.
 *
 * @param args.article - see {@link JsonLdSource}; dates as ISO 8601 strings.
 * @param args.mediaBase - the origin relative media URLs are resolved against (the server's URL).
 * @param args.site - the public site settings (src/settings/site.ts).
 * @returns the JSON-LD object, ready for `JSON.stringify` into a `<script type="application/ld+json">`.
 */
export function newsArticleJsonLd({
  article,
  mediaBase,
  site,
}: {
  article: JsonLdSource
  mediaBase: string
  site: SiteSettings
}): NewsArticleJsonLd {
  const url = article.slug ? publicUrl({ slug: article.slug, kind: 'article', site }) : undefined
  const images = heroImages(article.hero, mediaBase)
  const description = article.metaDescription || article.excerpt
  const publisher: Record<string, unknown> = { name: site.name, '@type': 'Organization', url: site.url }
  if (site.logoUrl) {
    publisher.logo = { '@type': 'ImageObject', url: site.logoUrl }
  }
  const entries: [string, unknown][] = [
    ['headline', article.title ? excerptFrom(article.title, HEADLINE_MAX_LENGTH) : undefined],
    ['description', description || undefined],
    ['image', images.length > 0 ? images : undefined],
    ['datePublished', article.publishedAt || undefined],
    ['dateModified', article.updatedAt || article.publishedAt || article.createdAt || undefined],
    [
      'author',
      article.authors.map((author) => ({
        name: author.name,
        '@type': 'Person',
        ...(author.slug ? { url: publicUrl({ slug: author.slug, kind: 'author', site }) } : {}),
      })),
    ],
    ['publisher', publisher],
    ['mainEntityOfPage', url ? { '@id': url, '@type': 'WebPage' } : undefined],
    ['url', url],
    ['wordCount', article.wordCount ?? undefined],
    ['inLanguage', site.language],
    ['keywords', article.tags.length > 0 ? article.tags.map((tag) => tag.name) : undefined],
    ['isAccessibleForFree', true],
  ]
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    ...Object.fromEntries(entries.filter(([, value]) => value !== undefined)),
  }
}

/** The hero's URLs, widest first (Google picks the best fit), each once. */
function heroImages(hero: MediaForHtml | undefined, mediaBase: string): string[] {
  if (!hero?.url) {
    return []
  }
  const candidates = [hero, ...Object.values(hero.sizes ?? {})]
    .filter((candidate) => candidate?.url)
    .sort((a, b) => (b?.width ?? 0) - (a?.width ?? 0))
  return [...new Set(candidates.map((candidate) => absoluteMediaUrl(candidate!.url!, mediaBase)))]
}

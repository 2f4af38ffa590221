import type { Metadata } from 'next'

import type { Article, Media } from '../payload-types'
import type { SiteSettings } from '../settings'

import { publicUrl, siteUrl } from '../../utilities/publicUrls'

/**
 * The `<link rel="alternate">`s of a feed family (src/http/publicDocuments.ts serves them): RSS 2.0, Atom and
 * JSON Feed 1.1, under `prefix` (`''` for the site's, `/authors/<slug>` or `/tags/<slug>` for one author's or tag's).
 *
 * @returns Next's `alternates.types` map.
 */
export function feedAlternates(
  site: SiteSettings,
  prefix: string,
  title: string,
): NonNullable<NonNullable<Metadata['alternates']>['types']> {
  return {
    'application/atom+xml': [{ title: `${title} (Atom)`, url: siteUrl(site, `${prefix}/feed.atom`) }],
    'application/feed+json': [{ title: `${title} (JSON Feed)`, url: siteUrl(site, `${prefix}/feed.json`) }],
    'application/rss+xml': [{ title: `${title} (RSS)`, url: siteUrl(site, `${prefix}/feed.xml`) }],
  }
}

/**
 * An article page's metadata: title and description (the SEO fields, else headline and dek), the canonical URL
 * (the SEO `canonicalUrl` of a syndicated story, else the article's own public URL), Open Graph `article` and a
 * Twitter summary card with the SEO image or the hero, and the site's feeds.
 */
export function articleMetadata({ article, site }: { article: Article; site: SiteSettings }): Metadata {
  const url = publicUrl({ slug: article.slug ?? '', kind: 'article', site })
  const title = article.meta?.title || article.title
  const description = article.meta?.description || article.excerpt || undefined
  const image = [article.meta?.image, article.heroImage].find(
    (candidate): candidate is Media => typeof candidate === 'object' && candidate !== null && Boolean(candidate.url),
  )
  const images = image
    ? [{ alt: image.alt, height: image.height ?? undefined, url: image.url!, width: image.width ?? undefined }]
    : undefined
  const authors = (article.authors ?? []).flatMap((author) =>
    typeof author === 'object' && author.slug ? [publicUrl({ slug: author.slug, kind: 'author', site })] : [],
  )
  const tags = (article.tags ?? []).flatMap((tag) => (typeof tag === 'object' ? [tag.name] : []))
  return {
    alternates: { canonical: article.meta?.canonicalUrl || url, types: feedAlternates(site, '', site.name) },
    description,
    openGraph: {
      type: 'article',
      authors,
      description,
      images,
      locale: site.language.replace('-', '_'),
      modifiedTime: article.updatedAt,
      publishedTime: article.publishedAt ?? undefined,
      siteName: site.name,
      tags,
      title,
      url,
    },
    title: { absolute: title },
    twitter: { card: image ? 'summary_large_image' : 'summary', description, images, title },
  }
}

/**
 * The JSON-LD object as the text of a `<script type="application/ld+json">`: JSON with `<` escaped, so no string
 * in it can close the script element (HTML §4.12.1.3).
 */
export function jsonLdText(jsonLd: unknown): string {
  return JSON.stringify(jsonLd).replace(/</gu, '\\u003c')
}

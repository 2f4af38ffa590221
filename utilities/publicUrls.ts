import type { PublicPageKind, SiteSettings } from '../src/settings'

/**
 * The public URL of an article, author or tag page: the site's URL followed by the kind's path pattern with the
 * slug put in (percent-encoded as one path segment, so a slug can never leave its place in the pattern).
 *
 * @param args.kind - which pattern (`PUBLIC_ARTICLE_PATH`, `PUBLIC_AUTHOR_PATH`, `PUBLIC_TAG_PATH`).
 * @param args.site - the site settings (src/settings/site.ts).
 * @param args.slug - the document's slug.
 * @returns an absolute URL, e.g. `https://news.example.com/news/moroccos-strategy`.
 */
export function publicUrl({ slug, kind, site }: { kind: PublicPageKind; site: SiteSettings; slug: string }): string {
  return `${site.url}${site.paths[kind].replace('{slug}', encodeURIComponent(slug))}`
}

/**
 * An absolute URL on the public site for a path of its own (a feed, a sitemap).
 *
 * @param site - the site settings.
 * @param path - a path starting with `/`.
 */
export function siteUrl(site: SiteSettings, path: string): string {
  return `${site.url}${path}`
}

import type { PublicPageKind, Settings, SiteSettings } from '../src/settings'

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

/**
 * Where this server is reached (feeds, sitemaps and uploads are served here): `SERVER_URL`, else the public site's
 * URL, which outside production defaults to this very server.
 *
 * @param settings - the process's settings.
 */
export function serverOrigin(settings: Pick<Settings, 'serverUrl' | 'site'>): string {
  return settings.serverUrl ?? settings.site.url
}

/**
 * An absolute URL for a media URL Payload returned: absolute already when `SERVER_URL` is set, else relative to the
 * server ({@link serverOrigin}).
 *
 * @param url - the media document's `url` (or a size's).
 * @param base - the origin to resolve a relative one against.
 */
export function absoluteMediaUrl(url: string, base: string): string {
  return new URL(url, `${base}/`).href
}

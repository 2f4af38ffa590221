import type { PublicPageKind, SiteSettings } from '../settings'

/**
 * The site-relative path of an article, author or tag page (the path pattern with the slug put in, as
 * utilities/publicUrls.ts builds absolute ones), for links between the site's own pages.
 */
export function pathOf(site: SiteSettings, kind: PublicPageKind, slug: string): string {
  return site.paths[kind].replace('{slug}', encodeURIComponent(slug))
}

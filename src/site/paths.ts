import type { PublicPageKind, SiteSettings } from '../settings'

/**
 * The site-relative path of an article, author or tag page (the path pattern with the slug put in, as
 * utilities/publicUrls.ts builds absolute ones), for links between the site's own pages.
 */
export function pathOf(site: SiteSettings, kind: PublicPageKind, slug: string): string {
  return site.paths[kind].replace('{slug}', encodeURIComponent(slug))
}

/**
 * The list page a `?page=` parameter asks for: a whole number from 1, or 1 for anything else (a reader's typo is
 * no error page).
 *
 * @param value - the raw parameter, as Next hands it (a string, a list when repeated, or nothing).
 */
export function pageNumberOf(value: string | string[] | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value
  return raw !== undefined && /^[1-9]\d{0,5}$/u.test(raw) ? Number(raw) : 1
}

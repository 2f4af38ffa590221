/** The schemes a link in an article's body may use, in the HTML rendition and on the reference site. */
export const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const

/**
 * Whether a link target may be written: a web, mail or phone address, or a path on this site. Anything else
 * (`javascript:`, `data:`, `vbscript:`) leaves the text without a link rather than an `<a>` without `href`; so do
 * `//host` and `/\host`, which browsers read as another site (the WHATWG URL parser takes `\` for `/`).
 *
 * @param href - a link's target as the editor wrote it.
 */
export function isSafeHref(href: string): boolean {
  if (href.startsWith('/') || href.startsWith('#')) {
    return !/^[/\\][/\\]/u.test(href)
  }
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(href.trim())?.[1]?.toLowerCase()
  return scheme !== undefined && (LINK_SCHEMES as readonly string[]).includes(scheme)
}

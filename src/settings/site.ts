import { SettingsError } from './error'

/** What a page of the public site is about: its kind picks the path pattern, its slug fills it in. */
export type PublicPageKind = 'article' | 'author' | 'tag'

/**
 * The public face of the newsroom: where readers find its pages, and who publishes them. Every URL the API emits
 * for a reader (feeds, sitemaps, JSON-LD, previews, webhooks) is built from these (utilities/publicUrls.ts).
 */
export type SiteSettings = {
  /** Feeds carry each story's whole body as HTML (`full`) or only its dek (`excerpt`). */
  feedContent: 'excerpt' | 'full'
  /** BCP 47 language tag of the content, e.g. `en`, `fr`, `ar-MA` (feeds, News sitemap, JSON-LD). */
  language: string
  /** Absolute URL of the publisher's logo for JSON-LD (`publisher.logo`), when there is one. */
  logoUrl?: string
  /** The publication's name (Google News publication name, feed titles, JSON-LD publisher). */
  name: string
  /** Path patterns of the pages, each holding `{slug}` once, e.g. `/news/{slug}`. */
  paths: Record<PublicPageKind, string>
  /** The public site's origin (and base path, if any), without a trailing slash. */
  url: string
}

/** The path patterns when none is set: what the reference site serves. */
export const DEFAULT_PUBLIC_PATHS: Record<PublicPageKind, string> = {
  article: '/news/{slug}',
  author: '/authors/{slug}',
  tag: '/tags/{slug}',
}

/**
 * Checks an absolute http(s) URL setting and drops a trailing slash.
 *
 * @throws SettingsError naming `name` for anything else.
 */
export function absoluteUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(name, `${name} "${value}" is not an absolute URL such as https://news.example.com.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingsError(name, `${name} "${value}" must start with http:// or https://.`)
  }
  if (url.search || url.hash) {
    throw new SettingsError(name, `${name} "${value}" must not carry a query string or fragment.`)
  }
  return url.href.replace(/\/+$/, '')
}

/**
 * Checks a path pattern: it starts with `/`, holds `{slug}` exactly once, and has no query string or fragment, so
 * every slug gives one path that a router can match.
 *
 * @throws SettingsError naming `name` and what it accepts.
 */
export function pathPattern(name: string, value: string): string {
  const slots = value.split('{slug}').length - 1
  if (!value.startsWith('/') || slots !== 1 || /[?#\s]/.test(value)) {
    throw new SettingsError(
      name,
      `${name} "${value}" must be a path starting with / that holds {slug} once, e.g. /news/{slug}.`,
    )
  }
  return value
}

/**
 * Checks a BCP 47 language tag in its common shape (RFC 5646: a 2–3 letter language, optional script and region
 * subtags), the form feeds (`<language>`), Google News (`<news:language>`) and schema.org `inLanguage` accept.
 *
 * @throws SettingsError naming `name` for anything else.
 */
export function languageTag(name: string, value: string): string {
  if (!/^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/.test(value)) {
    throw new SettingsError(name, `${name} "${value}" is not a language tag such as en, fr, pt-BR or zh-Hant-TW.`)
  }
  return value
}

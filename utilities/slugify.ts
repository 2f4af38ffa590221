import slugifyWords from '@sindresorhus/slugify'
import { createHash } from 'node:crypto'

/** Longest slug we produce, in characters; long enough for any headline, short enough for a URL path segment. */
export const SLUG_MAX_LENGTH = 96

/** Apostrophes that join a word rather than split it: ASCII ', right single quote ’, modifier letter ʼ. */
const APOSTROPHES = /['’ʼ]/g
/** Combining marks that follow a Latin letter (é in NFD is e + U+0301); other scripts keep theirs. */
const LATIN_COMBINING_MARKS = /(\p{Script=Latin})\p{M}+/gu

/**
 * Turns a title or name into a URL slug.
 *
 * Rules (the Newsdesk content contract): lowercase ASCII words joined by single hyphens; Latin diacritics
 * dropped (é→e, ü→u) and Latin ligatures and special letters transliterated (ß→ss, ø→o, æ→ae); apostrophes
 * removed without splitting the word (Morocco’s → moroccos); any other punctuation separates words; at most
 * {@link SLUG_MAX_LENGTH} characters, cut at a word boundary. Other scripts are transliterated by
 * `@sindresorhus/slugify` (Привет → privet); when nothing is left (e.g. Chinese), the slug is
 * `<fallbackPrefix>-<first 8 hex digits of SHA-256 of the NFC text>`, stable for the same text.
 *
 * @param text - any Unicode string.
 * @param fallbackPrefix - the word used when the text yields no ASCII at all (default `item`).
 * @returns a non-empty slug matching `^[a-z0-9]+(-[a-z0-9]+)*$`.
 */
export function toSlug(text: string, fallbackPrefix = 'item'): string {
  const prepared = text.normalize('NFD').replace(LATIN_COMBINING_MARKS, '$1').normalize('NFC').replace(APOSTROPHES, '')
  const slug = truncateSlug(slugifyWords(prepared, { decamelize: false }))
  if (slug) {
    return slug
  }
  const digest = createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 8)
  return `${fallbackPrefix}-${digest}`
}

/**
 * Cuts a slug to {@link SLUG_MAX_LENGTH} characters at a hyphen; a single word longer than that is cut inside.
 *
 * @param slug - an already slugified string.
 * @returns the slug, unchanged when short enough.
 */
export function truncateSlug(slug: string): string {
  if (slug.length <= SLUG_MAX_LENGTH) {
    return slug
  }
  const cut = slug.slice(0, SLUG_MAX_LENGTH + 1)
  const boundary = cut.lastIndexOf('-')
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, SLUG_MAX_LENGTH)
}

/**
 * The n-th candidate for a slug that is already taken: `base`, `base-2`, `base-3`, … kept within
 * {@link SLUG_MAX_LENGTH} by shortening the base at a word boundary.
 *
 * @param base - a slug from {@link toSlug}.
 * @param attempt - 1 for the base itself, 2 and up for suffixed candidates.
 */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt <= 1) {
    return base
  }
  const suffix = `-${attempt}`
  const room = SLUG_MAX_LENGTH - suffix.length
  let head = base
  if (head.length > room) {
    const boundary = head.slice(0, room + 1).lastIndexOf('-')
    head = boundary > 0 ? head.slice(0, boundary) : head.slice(0, room)
  }
  return `${head}${suffix}`
}

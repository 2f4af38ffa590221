import { excerptFrom } from './excerpt'

/** The publication's name when `PUBLICATION_NAME` is not set: what search results show after a headline. */
export const SITE_NAME = 'Newsdesk'

/**
 * Longest meta title and description, in characters: the limits the SEO plugin's length indicator flags above
 * (`@payloadcms/plugin-seo` 3.90, dist/defaults.js: title 50–60, description 100–150), about what search
 * results show before cutting.
 */
export const SEO_TITLE_MAX_LENGTH = 60
export const SEO_DESCRIPTION_MAX_LENGTH = 150

/**
 * The meta title "Auto-generate" fills in: the headline followed by " — " and the publication's name, within the
 * limit.
 *
 * @param headline - the article's title (may be empty while a draft has none).
 * @param maxLength - the limit in characters (UTF-16 code units, as the plugin counts), default
 *   {@link SEO_TITLE_MAX_LENGTH}.
 * @param siteName - the publication's name (`PUBLICATION_NAME`), default {@link SITE_NAME}.
 * @returns `"<headline> — Newsdesk"` when that fits; otherwise the headline alone (the story matters more than the
 *   brand), cut at a word boundary with "…" when it is itself too long; the site name alone for an empty headline.
 */
export function seoTitle(headline: string, maxLength = SEO_TITLE_MAX_LENGTH, siteName = SITE_NAME): string {
  const text = headline.trim()
  if (!text) {
    return siteName
  }
  const branded = `${text} — ${siteName}`
  return branded.length <= maxLength ? branded : excerptFrom(text, maxLength)
}

/**
 * The meta description "Auto-generate" fills in: the article's dek, cut to the limit.
 *
 * @param excerpt - the article's `excerpt` (up to 300 characters, see utilities/excerpt.ts), or undefined.
 * @param maxLength - the limit in characters, default {@link SEO_DESCRIPTION_MAX_LENGTH}.
 * @returns the dek when it fits, else cut at a word boundary with "…"; empty without a dek.
 */
export function seoDescription(excerpt: null | string | undefined, maxLength = SEO_DESCRIPTION_MAX_LENGTH): string {
  return excerptFrom(excerpt ?? '', maxLength)
}

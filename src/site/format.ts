/**
 * A date as readers of the site's language read it (`Intl.DateTimeFormat`, long month, in UTC so every server
 * renders the same page), e.g. "2 December 2026".
 *
 * @param iso - an ISO 8601 date-time.
 * @param language - the site's BCP 47 language tag.
 */
export function readableDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))
}

/** Whether an article was changed after it was published: more than a minute apart (a save right after is none). */
export function wasUpdated(publishedAt: null | string | undefined, updatedAt: string): boolean {
  return Boolean(publishedAt) && Date.parse(updatedAt) - Date.parse(publishedAt!) > 60_000
}

/**
 * Whether a dek says something the body does not open with. A dek left empty is filled from the first paragraph
 * (collections/Articles/hooks/defaultExcerpt.ts); shown above that very paragraph, it reads as the same text twice.
 *
 * @param excerpt - the article's dek.
 * @param bodyText - the body as plain text (`contentText`).
 * @returns false when the body starts with the dek (an ellipsis the cut added aside, whitespace compared loosely).
 */
export function isDistinctDek(excerpt: null | string | undefined, bodyText: null | string | undefined): boolean {
  const squeeze = (text: string) => text.replace(/\s+/gu, ' ').trim()
  const dek = squeeze(excerpt ?? '').replace(/…$/u, '')
  return dek.length > 0 && !squeeze(bodyText ?? '').startsWith(dek)
}

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

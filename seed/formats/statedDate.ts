import { normaliseDateOnly } from '../../fields/publishedAt'

/** A calendar date, or an RFC 3339 timestamp with its zone (`Z` or an offset); nothing the server's zone could bend. */
const STATED_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/iu

/**
 * Reads a publication date a document states. Only two forms are accepted, so the result never depends on
 * the importing machine's time zone: `2026-11-29` (that day at 00:00 UTC, the rule of the `publishedAt`
 * field) and an RFC 3339 timestamp with a zone, `2026-11-29T08:30:00+01:00`.
 *
 * @param value - the date as written.
 * @returns an ISO 8601 timestamp in UTC.
 * @throws Error with a message for the operator: a time without a zone, another format, or a day that does not exist.
 */
export function parseStatedDate(value: string): string {
  const trimmed = value.trim()
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/u.test(trimmed) && !/(?:Z|[+-]\d{2}:?\d{2})$/iu.test(trimmed)) {
    throw new Error(`${value} has a time but no time zone; add Z for UTC or an offset such as +01:00`)
  }
  if (!STATED_DATE.test(trimmed)) {
    throw new Error(`${value} is not a date such as 2026-11-29 or 2026-11-29T08:30:00+01:00`)
  }
  let normalised: unknown
  try {
    normalised = normaliseDateOnly(trimmed.replace(' ', 'T'))
  } catch {
    throw new Error(`${value} is not a calendar date`)
  }
  const date = new Date(normalised as string)
  if (Number.isNaN(date.getTime())) {
    throw new Error(`${value} is not a date`)
  }
  return date.toISOString()
}

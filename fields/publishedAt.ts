import type { DateField, FieldHook } from 'payload'

import { ValidationError } from 'payload'

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * The one rule for a date given without a time (`2026-11-29`): it means that calendar day at 00:00 UTC, stored as
 * `2026-11-29T00:00:00.000Z`, whatever the server's time zone. (ECMAScript already reads date-only ISO strings
 * as UTC; this makes it explicit and refuses impossible dates such as 2026-02-30 instead of rolling them over.)
 *
 * @param value - the incoming field value (string, Date, null…).
 * @returns the value, with a date-only string turned into its UTC-midnight ISO timestamp.
 * @throws RangeError for a date-only string naming a day that does not exist.
 */
export function normaliseDateOnly(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value
  }
  const match = DATE_ONLY.exec(value.trim())
  if (!match) {
    return value
  }
  const [, year, month, day] = match
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    throw new RangeError(`publishedAt: ${value} is not a calendar date`)
  }
  return date.toISOString()
}

const normalise: FieldHook = ({ collection, path, req, value }) => {
  try {
    return normaliseDateOnly(value)
  } catch (error) {
    throw new ValidationError({
      collection: collection?.slug,
      errors: [{ message: (error as Error).message, path: path.join('.') }],
      req,
    })
  }
}

/**
 * `publishedAt`: when the article was (or is to be) published; indexed for "latest first" lists. Date-only
 * values follow {@link normaliseDateOnly}.
 */
export function publishedAtField(overrides: Partial<Pick<DateField, 'admin' | 'label'>> = {}): DateField {
  return {
    name: 'publishedAt',
    type: 'date',
    admin: {
      date: { pickerAppearance: 'dayAndTime' },
      description: 'Set on first publish when empty. A date without a time means 00:00 UTC that day.',
      position: 'sidebar',
    },
    hooks: { beforeValidate: [normalise] },
    index: true,
    ...overrides,
  }
}

/**
 * The id held by a relationship value, whether Payload returned it unpopulated (the id itself) or populated
 * (the related document).
 *
 * @param value - an id, a document with an `id`, or null/undefined.
 * @returns the id, or undefined when the relationship is empty.
 */
export function relationId(value: unknown): number | string | undefined {
  if (value === null || value === undefined) {
    return undefined
  }
  if (typeof value === 'object') {
    return (value as { id?: number | string }).id
  }
  return value as number | string
}

/** One `field: { operator: operand }` test of a `where`, with where it sits. */
export type WhereCondition = {
  /** The field path as written, e.g. `authors` or `authors.name`. */
  field: string
  operand: unknown
  operator: string
  /** The query-string path of the operator, e.g. `where[or][0][id][in]`, for messages. */
  path: string
}

/**
 * Every condition of a `where`, descending into `and` / `or` lists (any case, as Payload accepts them).
 *
 * @param where - a `where` object as a hook receives it; anything else yields nothing.
 * @param path - the query-string path of `where` itself.
 * @returns the conditions, in document order.
 */
export function* whereConditions(where: unknown, path = 'where'): Generator<WhereCondition> {
  if (typeof where !== 'object' || where === null) {
    return
  }
  for (const [key, value] of Object.entries(where)) {
    if ((key.toLowerCase() === 'and' || key.toLowerCase() === 'or') && Array.isArray(value)) {
      for (const [index, clause] of value.entries()) {
        yield* whereConditions(clause, `${path}[${key}][${index}]`)
      }
      continue
    }
    if (typeof value !== 'object' || value === null) {
      continue
    }
    for (const [operator, operand] of Object.entries(value)) {
      yield { field: key, operand, operator, path: `${path}[${key}][${operator}]` }
    }
  }
}

/**
 * The values an operand lists: a query string's `a,b,c` split at commas, an array as it is.
 *
 * @returns the members, or undefined when the operand is neither a string nor an array.
 */
export function listMembers(operand: unknown): undefined | unknown[] {
  return typeof operand === 'string' ? operand.split(',') : Array.isArray(operand) ? operand : undefined
}

/**
 * A `where` field path as the document's own: a version history's `where` (`/articles/versions`, which hooks see as
 * a `read`) names the document's fields under `version.`, and `version.title` is then `title`.
 *
 * @param field - the path as written.
 * @param fields - the queried collection's flattened fields; a collection with a field named `version` keeps the
 *   prefix.
 * @returns the path without the prefix, and whether it had one.
 */
export function documentFieldPath(
  field: string,
  fields: Array<{ name: string }>,
): { isVersionPath: boolean; path: string } {
  const isVersionPath = field.startsWith('version.') && !fields.some((candidate) => candidate.name === 'version')
  return { isVersionPath, path: isVersionPath ? field.slice('version.'.length) : field }
}

import type { CollectionSlug, FlattenedField, Payload } from 'payload'

import { foldForSearch } from '../../../utilities/searchFold'
import { documentFieldPath, listMembers, whereConditions } from './whereConditions'

/** Operators whose operand is a list (`a,b,c` in a query string, or an array). */
export const LIST_OPERATORS = new Set(['all', 'in', 'not_in'])
/** The operators a relationship or upload field can be compared with (by id). */
const RELATIONSHIP_OPERATORS = new Set(['equals', 'exists', 'in', 'not_equals', 'not_in'])
/** Geometry operators: they apply to point fields only. */
const GEO_OPERATORS = new Set(['intersects', 'near', 'within'])
/** Operators that compare a value, and so need a date on a date field. */
const COMPARING_OPERATORS = new Set([
  'equals',
  'greater_than',
  'greater_than_equal',
  'in',
  'less_than',
  'less_than_equal',
  'not_equals',
  'not_in',
])

/**
 * The most conditions a `where` may hold, and how deep its `and` / `or` may nest. A newsroom frontend's filters
 * use a handful; 100,000 `or` clauses (6 MB through a method-override POST) kept Payload busy for 14 s, and 2,000
 * failed in SQLite with a 500.
 * Workaround: Payload 3.90.1 answers 500 for a `where` of 2,000 `or` clauses on SQLite; the cost bound is our policy.
 */
export const MAX_WHERE_CONDITIONS = 100
export const MAX_WHERE_NESTING = 10

/** The operators that match a text pattern: both databases make one test per space-separated word of `like`. */
const PATTERN_OPERATORS = new Set(['contains', 'like', 'not_like'])
/**
 * The longest pattern a `like`, `not_like` or `contains` may hold, in characters, and the most words (pieces
 * between spaces, as both adapters split them). A search box sends a few words; a headline is under 200
 * characters. SQLite refused a pattern over 50,000 bytes ("LIKE or GLOB pattern too complex") and a `like` of
 * about 1,000 words ("Expression tree is too large": one LIKE per word, its expression depth limit is 1,000), both
 * with a 500. 1,000 characters stay under 50,000 bytes in any script.
 * Workaround: Payload 3.90.1 answers 500 for these on SQLite; the bounds themselves are our policy.
 */
export const MAX_PATTERN_LENGTH = 1_000
export const MAX_PATTERN_WORDS = 50

/**
 * The fields along a dotted `where` or `sort` path, following relationships, uploads and joins into the
 * collection they point to, and groups into their fields.
 *
 * @param payload - the Payload instance (for the target collections' fields).
 * @param fields - the flattened fields of the collection the path starts in.
 * @param path - e.g. `authors.name` or `source.path`.
 * @returns one field per segment it could resolve; it stops at the first segment it cannot (Payload itself names
 *   unknown paths).
 */
export function pathFields(payload: Payload, fields: FlattenedField[], path: string): FlattenedField[] {
  const found: FlattenedField[] = []
  let current: FlattenedField[] | undefined = fields
  for (const segment of path.split('.')) {
    const field: FlattenedField | undefined = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      break
    }
    found.push(field)
    if (field.type === 'relationship' || field.type === 'upload') {
      current =
        typeof field.relationTo === 'string' ? payload.collections[field.relationTo]?.config.flattenedFields : undefined
    } else if (field.type === 'join') {
      current = payload.collections[field.collection as CollectionSlug]?.config.flattenedFields
    } else if ('flattenedFields' in field) {
      current = field.flattenedFields
    } else {
      current = undefined
    }
  }
  return found
}

/** The field types along a path; see {@link pathFields}. */
export function pathFieldTypes(payload: Payload, fields: FlattenedField[], path: string): string[] {
  return pathFields(payload, fields, path).map((field) => field.type)
}

/** Whether a query value reads as a date (ISO text, or milliseconds), as both database adapters need. */
function isDateValue(value: unknown): boolean {
  if (value === null || value === 'null') {
    return true
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return false
  }
  const time = typeof value === 'number' ? value : /^-?\d+$/u.test(value) ? Number.NaN : Date.parse(value)
  // The range JavaScript dates (and so both adapters) can hold: ±8.64e15 ms around 1970.
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15
}

/**
 * The first thing in a `where` that would reach the database malformed and fail there with a 500, described with
 * its query-string path. These were each seen to fail: a `where` that is not an object; `and`/`or` that are not
 * lists; a field given a value instead of an operator; an object or list where one value belongs
 * (`where[id][equals][]=1`); geometry operators off point fields; `all` on a relationship (SQLite); a date
 * comparison with something that is not a date; a path that goes on inside a rich-text field, or through a
 * relationship into a join field (`authors.articles.title`); a text pattern longer than {@link MAX_PATTERN_LENGTH}
 * characters or {@link MAX_PATTERN_WORDS} words.
 * Workaround: Payload 3.90.1 answers 500 for each of these.
 *
 * @param where - the `where` as the hook receives it (from a query string, GraphQL or JSON).
 * @param payload - the Payload instance.
 * @param fields - the flattened fields of the queried collection.
 * @returns e.g. `where[createdAt][greater_than] needs a date; "notadate" is not one.`, or undefined.
 */
export function whereProblem(where: unknown, payload: Payload, fields: FlattenedField[]): string | undefined {
  if (where === undefined || where === null) {
    return undefined
  }
  if (typeof where !== 'object' || Array.isArray(where)) {
    return 'where must be an object, e.g. where[title][equals]=…'
  }
  const shape = shapeProblem(where as Record<string, unknown>, 'where')
  if (shape) {
    return shape
  }
  const conditions = [...whereConditions(where)]
  if (conditions.length > MAX_WHERE_CONDITIONS) {
    return `where has ${conditions.length} conditions; at most ${MAX_WHERE_CONDITIONS} are allowed.`
  }
  const deepest = conditions.find(({ path }) => (path.match(/\[(?:and|or)\]/giu)?.length ?? 0) > MAX_WHERE_NESTING)
  if (deepest) {
    return `${deepest.path} nests and/or more than ${MAX_WHERE_NESTING} deep.`
  }
  for (const { field, operand, operator, path } of conditions) {
    const documentPath = documentFieldPath(field, fields).path
    const resolved = pathFields(payload, fields, documentPath)
    const types = resolved.map((candidate) => candidate.type)
    const last = types.at(-1)
    const lastField = resolved.at(-1)
    const isWholePath = resolved.length === documentPath.split('.').length
    if (types.slice(1).includes('join')) {
      return `${path}: a where can use a join field only as the first step of its path.`
    }
    if (last === 'richText' && !isWholePath) {
      return `${path}: rich text is queried as a whole (like, contains, exists), not inside.`
    }
    if (GEO_OPERATORS.has(operator)) {
      if (last !== 'point') {
        return `${path}: ${operator} applies to point fields only.`
      }
      continue
    }
    if (operator === 'all' && (last === 'relationship' || last === 'upload')) {
      return `${path}: all is not available on relationships; combine equals conditions with and.`
    }
    if (operator === 'all' && isWholePath && !(lastField && 'hasMany' in lastField && lastField.hasMany)) {
      return `${path}: all applies to fields that hold several values.`
    }
    if ((last === 'relationship' || last === 'upload') && isWholePath && !RELATIONSHIP_OPERATORS.has(operator)) {
      return `${path}: a relationship takes equals, not_equals, in, not_in or exists.`
    }
    const values = LIST_OPERATORS.has(operator) ? listMembers(operand) : [operand]
    if (!values || values.some((value) => typeof value === 'object' && value !== null && !isPolymorphic(value))) {
      return `${path} takes ${LIST_OPERATORS.has(operator) ? 'a list of values' : 'one value'}, not ${JSON.stringify(operand)}.`
    }
    if (PATTERN_OPERATORS.has(operator)) {
      const pattern = patternProblem(values, path)
      if (pattern) {
        return pattern
      }
    }
    if (last === 'date' && COMPARING_OPERATORS.has(operator)) {
      const notDate = values.find((value) => !isDateValue(value))
      if (notDate !== undefined) {
        return `${path} needs a date; ${JSON.stringify(notDate)} is not one.`
      }
    }
  }
  return undefined
}

/**
 * Whether any text pattern among `values` is longer than {@link MAX_PATTERN_LENGTH} or {@link MAX_PATTERN_WORDS}.
 * Words are counted once folded for search ({@link foldForSearch}), as titles, names and slugs are compared
 * (src/foldedSearch.ts): compatibility decomposition can make words of one character (U+FDFA gives four).
 */
function patternProblem(values: unknown[], path: string): string | undefined {
  for (const value of values) {
    if (typeof value !== 'string') {
      continue
    }
    if (value.length > MAX_PATTERN_LENGTH) {
      return `${path} is ${value.length} characters long; a pattern holds at most ${MAX_PATTERN_LENGTH}.`
    }
    const words = foldForSearch(value).split(' ').length
    if (words > MAX_PATTERN_WORDS) {
      return `${path} has ${words} words; a pattern holds at most ${MAX_PATTERN_WORDS}.`
    }
  }
  return undefined
}

/** A polymorphic relationship value, `{ relationTo, value }`. */
function isPolymorphic(value: object): boolean {
  return 'relationTo' in value && 'value' in value
}

/** The first structural fault of a `where` object: non-list `and`/`or`, or a field given a bare value. */
function shapeProblem(where: Record<string, unknown>, path: string): string | undefined {
  for (const [key, value] of Object.entries(where)) {
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      if (!Array.isArray(value)) {
        return `${path}[${key}] must be a list of conditions, e.g. ${path}[${key}][0][title][equals]=…`
      }
      for (const [index, clause] of value.entries()) {
        if (typeof clause !== 'object' || clause === null || Array.isArray(clause)) {
          return `${path}[${key}][${index}] must be a condition, e.g. ${path}[${key}][${index}][title][equals]=…`
        }
        const inner = shapeProblem(clause as Record<string, unknown>, `${path}[${key}][${index}]`)
        if (inner) {
          return inner
        }
      }
    } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return `${path}[${key}] needs an operator, e.g. ${path}[${key}][equals]=…`
    }
  }
  return undefined
}

import type { CollectionSlug, FlattenedField, Payload, Where } from 'payload'

import type { SearchKeyCustom } from '../fields/searchKey'

import { documentFieldPath } from '../plugins/apiGuards/hooks/whereConditions'
import { foldForSearch } from '../utilities/searchFold'

/** The pattern operators that compare folded text. */
const PATTERNS = new Set(['contains', 'like', 'not_like'])

/** Where a pattern on a field is compared, once its operand is folded: the path to name instead (or the same). */
type Target = { path: string }

/** The fields a field's subfields are found in: a relationship's or join's collection, a group's own. */
function childFields(payload: Payload, field: FlattenedField): FlattenedField[] | undefined {
  if (field.type === 'relationship' || field.type === 'upload') {
    return typeof field.relationTo === 'string'
      ? payload.collections[field.relationTo]?.config.flattenedFields
      : undefined
  }
  if (field.type === 'join') {
    return payload.collections[field.collection as CollectionSlug]?.config.flattenedFields
  }
  return 'flattenedFields' in field ? field.flattenedFields : undefined
}

/**
 * Where a pattern on `path` is compared once folded: the sibling search key of a text field that has one
 * (`title` → `searchTitle`, `authors.name` → `authors.searchName`), the field itself when its values are stored
 * folded (slugs), and undefined for any other path (left as written).
 */
function foldedTarget(payload: Payload, fields: FlattenedField[], path: string): Target | undefined {
  const segments = path.split('.')
  let current: FlattenedField[] | undefined = fields
  for (const [index, segment] of segments.entries()) {
    const field: FlattenedField | undefined = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      return undefined
    }
    if (index < segments.length - 1) {
      current = childFields(payload, field)
      continue
    }
    if (field.type !== 'text') {
      return undefined
    }
    if ((field.custom as { storesFoldedText?: boolean } | undefined)?.storesFoldedText === true) {
      return { path }
    }
    const key = current?.find((candidate) => (candidate.custom as SearchKeyCustom | undefined)?.searchKeyOf === segment)
    return key ? { path: [...segments.slice(0, -1), key.name].join('.') } : undefined
  }
  return undefined
}

/** A `where` with each pattern on a folded field moved to its target with a folded operand, through `and` / `or`. */
function rewrite(where: Where, payload: Payload, fields: FlattenedField[]): Where {
  const kept: Where = {}
  const moved: Where[] = []
  for (const [key, value] of Object.entries(where)) {
    if ((key.toLowerCase() === 'and' || key.toLowerCase() === 'or') && Array.isArray(value)) {
      kept[key] = value.map((clause: Where) => rewrite(clause, payload, fields))
      continue
    }
    const { isVersionPath, path } = documentFieldPath(key, fields)
    const target = typeof value === 'object' && value !== null ? foldedTarget(payload, fields, path) : undefined
    if (!target) {
      kept[key] = value
      continue
    }
    const others: Record<string, unknown> = {}
    const folded: Record<string, unknown> = {}
    for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
      if (PATTERNS.has(operator) && typeof operand === 'string') {
        folded[operator] = foldForSearch(operand)
      } else {
        others[operator] = operand
      }
    }
    if (Object.keys(others).length > 0) {
      kept[key] = others as Where[string]
    }
    if (Object.keys(folded).length > 0) {
      moved.push({ [isVersionPath ? `version.${target.path}` : target.path]: folded } as Where)
    }
  }
  return moved.length === 0 ? kept : { and: [kept, ...moved] }
}

/** The adapter methods that take a collection's `where` (version paths under `version.`, drafts in document terms). */
const QUERYING_METHODS = [
  'count',
  'countVersions',
  'deleteMany',
  'deleteOne',
  'deleteVersions',
  'find',
  'findDistinct',
  'findOne',
  'findVersions',
  'queryDrafts',
  'updateMany',
  'updateOne',
  'updateVersion',
] as const

/**
 * A collection's `where` with `like`, `contains` and `not_like` on titles, names and slugs compared folded: each such
 * condition is moved to the field's hidden search key (`searchTitle`, `searchName`: fields/searchKey.ts), which
 * holds the stored text folded by {@link foldForSearch}, with its operand folded the same way; on a slug, stored
 * folded already, only the operand is folded. Paths through groups, relationships and joins (`authors.name`) and a
 * version history's `version.` are followed; `and` / `or` are descended into. Other conditions are kept as written.
 * A join's own `where` is folded by {@link foldSearchJoins}.
 *
 * @param args.payload - the initialised Payload (for the collections' fields).
 * @param args.collection - the queried collection's slug.
 * @param args.where - the `where` as the adapter receives it.
 * @returns the rewritten `where`, or `where` itself when the collection is unknown or the `where` is not an object.
 */
export function foldSearchWhere({
  collection,
  payload,
  where,
}: {
  collection: string
  payload: Payload
  where: unknown
}): unknown {
  const fields = payload.collections[collection as CollectionSlug]?.config.flattenedFields
  if (!fields || typeof where !== 'object' || where === null || Array.isArray(where)) {
    return where
  }
  return rewrite(where as Where, payload, fields)
}

/** A join field at a path of a collection's fields (`articles`, or through groups `group.articles`). */
function joinAt(fields: FlattenedField[], path: string): FlattenedField | undefined {
  let current: FlattenedField[] | undefined = fields
  let found: FlattenedField | undefined
  for (const segment of path.split('.')) {
    found = current?.find((candidate) => candidate.name === segment)
    current = found && 'flattenedFields' in found ? found.flattenedFields : undefined
  }
  return found?.type === 'join' ? found : undefined
}

/**
 * A read's `joins` (`{ [join path]: { where, limit, sort, … } }`) with each join's own `where` folded as
 * {@link foldSearchWhere} folds a collection's, in the collection the join lists.
 *
 * @returns the rewritten joins, or `joins` itself when there is nothing to fold (or joins are turned off: `false`).
 */
export function foldSearchJoins({
  collection,
  joins,
  payload,
}: {
  collection: string
  joins: unknown
  payload: Payload
}): unknown {
  const fields = payload.collections[collection as CollectionSlug]?.config.flattenedFields
  if (!fields || typeof joins !== 'object' || joins === null) {
    return joins
  }
  let isChanged = false
  const folded = Object.fromEntries(
    Object.entries(joins as Record<string, unknown>).map(([path, query]) => {
      const join = joinAt(fields, path)
      const where = (query as { where?: unknown } | undefined)?.where
      if (!join || where === undefined) {
        return [path, query]
      }
      isChanged = true
      const listed = join.type === 'join' ? (join.collection as string) : collection
      return [path, { ...(query as object), where: foldSearchWhere({ collection: listed, payload, where }) }]
    }),
  )
  return isChanged ? folded : joins
}

/** The part of a database adapter this wraps: methods taking `{ collection, where }`, and its Payload. */
type QueryingAdapter = { payload: Payload } & Record<string, unknown>

/**
 * Makes an adapter compare `like`, `contains` and `not_like` on titles, names and slugs folded
 * ({@link foldSearchWhere}), whichever door the query came through: REST, GraphQL, the Local API, the admin panel's
 * search. Done at the adapter because the search keys are `hidden`: Payload refuses a hidden field in a reader's
 * `where` (so no client can query or read them), but passes the adapter whatever it was handed.
 * Workaround: Payload 3.90.1's SQLite adapter compares with LIKE (ASCII case only) and its MongoDB adapter with a
 * case-insensitive regular expression (Unicode case, but not accents or NFD input, and not on the jongodb emulator).
 *
 * @param adapter - a database adapter instance after `init`; its methods in {@link QUERYING_METHODS} are replaced.
 */
export function foldSearchPatterns(adapter: QueryingAdapter): void {
  for (const method of QUERYING_METHODS) {
    const original = adapter[method]
    if (typeof original !== 'function') {
      continue
    }
    adapter[method] = function (
      this: QueryingAdapter,
      args: { collection?: unknown; joins?: unknown; where?: unknown },
    ) {
      if (typeof args?.collection !== 'string') {
        return (original as (args: unknown) => unknown).call(this, args)
      }
      const where = foldSearchWhere({ collection: args.collection, payload: this.payload, where: args.where })
      const joins = foldSearchJoins({ collection: args.collection, joins: args.joins, payload: this.payload })
      const isSame = where === args.where && joins === args.joins
      return (original as (args: unknown) => unknown).call(this, isSame ? args : { ...args, joins, where })
    }
  }
}

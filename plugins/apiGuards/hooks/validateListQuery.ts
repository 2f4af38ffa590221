import type { CollectionBeforeOperationHook, CollectionSlug } from 'payload'

import { APIError } from 'payload'

import { listMembers, whereConditions } from './whereConditions'
import { LIST_OPERATORS, pathFieldTypes, whereProblem } from './whereProblems'

/** The most documents an anonymous reader may ask for in one list request (and one join of each document). */
export const ANONYMOUS_LIST_LIMIT = 100
/** A sort key: a field path, optionally descending. An empty key or a bare "-" fails on MongoDB with a 500. */
const SORT_KEY = /^-?[A-Z_][\w.]*$/i
/** No list has this many pages; larger page numbers are refused rather than sent to the database. */
export const MAX_PAGE = 1_000_000
/** The operations (as hooks see them: version reads are `read`) that take a `where`, and whose `where` is checked. */
const QUERYING = new Set(['count', 'countVersions', 'delete', 'read', 'update'])

/**
 * The first list operator in a `where` with an empty member (`where[id][in]=` arrives as `''`), as a query-string
 * path; such a value reached the database and failed there with a 500.
 * Workaround: Payload 3.90.1 answers 500 for `where[id][in]=`.
 *
 * @param where - a `where` object, possibly nested with `and` / `or`.
 * @returns e.g. `where[id][in]`, or undefined when every list is well formed.
 */
export function emptyListOperand(where: unknown): string | undefined {
  for (const { operand, operator, path } of whereConditions(where)) {
    const members = listMembers(operand)
    if (LIST_OPERATORS.has(operator) && members && (members.length === 0 || members.some((member) => member === ''))) {
      return path
    }
  }
  return undefined
}

/** The paging arguments of a list, or of one join field's list (`joins[articles][limit]`). */
type Paging = { limit?: unknown; page?: unknown; sort?: unknown }

/**
 * Refuses what would fail in the database (a 500) or cost too much, for every REST and GraphQL request:
 * - a malformed `where` ({@link whereProblem}, {@link emptyListOperand}) on reads, counts and bulk writes;
 * - malformed `limit`, `page` and `sort` values, on lists and on each join field's list (`joins[articles][limit]`),
 *   and sort keys through a join field or into rich text (a sort through the authors→articles join ordered
 *   authors by their unpublished articles' titles);
 * - for anonymous readers, a `limit` over {@link ANONYMOUS_LIST_LIMIT}, `limit=0`, or `pagination=false` without
 *   such a limit (both mean "everything"), on every list of the request: each top-level GraphQL field, each join.
 * Logged-in staff have no caps, and Local API calls are not checked. Payload's own population reads (its
 * relationship dataloader: listed ids, unpaginated, `disableErrors` set) are not the reader's request and pass;
 * no REST or GraphQL read sets `disableErrors`.
 *
 * Workaround: Payload 3.90.1 answers 500 for malformed `where`, `limit`, `page` and `sort` values, and lets anonymous
 * readers filter on a bare join field or sort through one by documents they may not read (drafts included).
 * The anonymous caps are this project's policy, not a workaround, and stay after an upgrade.
 *
 * @throws APIError 400 naming the parameter.
 */
export const validateListQuery: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (req.payloadAPI === 'local') {
    return args
  }
  if (!QUERYING.has(operation)) {
    return args
  }
  const { disableErrors, joins, limit, page, pagination, sort, where } = args as {
    disableErrors?: boolean
    joins?: unknown
    pagination?: boolean
    where?: { id?: { in?: unknown } }
  } & Paging
  const fields = collection.flattenedFields
  const emptyList = emptyListOperand(where)
  if (emptyList) {
    throw new APIError(`${emptyList} needs one or more values, separated by commas, none empty.`, 400, {}, true)
  }
  const malformed = whereProblem(where, req.payload, fields)
  if (malformed) {
    throw new APIError(malformed, 400, {}, true)
  }
  // A bare join field compares the ids of every joined document, drafts and trash included: for anonymous
  // readers, `where[articles][exists]=true` told which authors have unpublished articles, and `equals=<id>`
  // whose they are. Their fields (`articles.title`) are compared under the joined collection's read access.
  const bareJoin = req.user
    ? undefined
    : [...whereConditions(where)].find(({ field }) =>
        fields.some((candidate) => candidate.name === field && candidate.type === 'join'),
      )
  if (bareJoin) {
    throw new APIError(
      `${bareJoin.path}: filter on the joined documents' fields, e.g. ${bareJoin.field}.title.`,
      400,
      {},
      true,
    )
  }
  if (operation !== 'read' || (disableErrors === true && pagination === false && where?.id?.in !== undefined)) {
    return args
  }
  const isAnonymous = !req.user
  if (isAnonymous && pagination === false) {
    // Unpaginated is bounded only by the limit. Payload's GraphQL join resolver reads this way, asking for one
    // document more than the join's limit to learn whether there are more: hence the cap plus one.
    if (!(Number.isSafeInteger(limit) && (limit as number) >= 1 && (limit as number) <= ANONYMOUS_LIST_LIMIT + 1)) {
      throw new APIError(
        `An unpaginated list (pagination=false, or a GraphQL join field without limit) needs a limit from 1 to ${ANONYMOUS_LIST_LIMIT} without logging in.`,
        400,
        {},
        true,
      )
    }
    checkPaging({ page, sort }, '', isAnonymous)
  } else {
    checkPaging({ limit, page, sort }, '', isAnonymous)
  }
  const sortThroughJoin = sortKeys(sort).find((key) => {
    const types = pathFieldTypes(req.payload, fields, key.replace(/^-/, ''))
    return types.includes('join') || (types.at(-1) === 'richText' && key.split('.').length > types.length)
  })
  if (sortThroughJoin) {
    throw new APIError(
      `sort=${sortThroughJoin} goes through a join field or into rich text; sort by a field of this collection or a relationship's.`,
      400,
      {},
      true,
    )
  }
  if (joins && typeof joins === 'object') {
    for (const [name, join] of Object.entries(joins)) {
      if (join && typeof join === 'object') {
        checkPaging(join as Paging, `joins[${name}]`, isAnonymous)
        const joinWhere = (join as { where?: unknown }).where
        const joinField = fields.find((field) => field.name === name && field.type === 'join')
        const target =
          joinField && 'collection' in joinField
            ? req.payload.collections[joinField.collection as CollectionSlug]
            : undefined
        const joinProblem = target && whereProblem(joinWhere, req.payload, target.config.flattenedFields)
        if (joinProblem) {
          throw new APIError(joinProblem.replace(/^where/u, `joins[${name}][where]`), 400, {}, true)
        }
      }
    }
  }
  return args
}

/** The keys of a `sort` argument: a string with commas, or a list of them. */
function sortKeys(sort: unknown): string[] {
  if (sort === undefined || sort === null) {
    return []
  }
  return (Array.isArray(sort) ? sort : [sort]).flatMap((key) => String(key).split(','))
}

/**
 * Checks `limit`, `page` and `sort` of one list.
 *
 * @param paging - the list's arguments.
 * @param prefix - the query-string name of the list, for messages: '' for the request's own, `joins[articles]`.
 * @param isAnonymous - whether the anonymous caps apply.
 * @throws APIError 400 naming the parameter.
 */
function checkPaging({ limit, page, sort }: Paging, prefix: string, isAnonymous: boolean): void {
  const name = (parameter: string) => (prefix ? `${prefix}[${parameter}]` : parameter)
  if (limit !== undefined && limit !== null && !(Number.isSafeInteger(limit) && (limit as number) >= 0)) {
    throw new APIError(`${name('limit')} must be a whole number.`, 400, {}, true)
  }
  if (
    page !== undefined &&
    page !== null &&
    !(Number.isInteger(page) && (page as number) >= 1 && (page as number) <= MAX_PAGE)
  ) {
    throw new APIError(`${name('page')} must be a whole number from 1 to ${MAX_PAGE}.`, 400, {}, true)
  }
  if (sortKeys(sort).some((key) => !SORT_KEY.test(key))) {
    throw new APIError(`${name('sort')} takes field names, each optionally prefixed with "-".`, 400, {}, true)
  }
  if (
    isAnonymous &&
    limit !== undefined &&
    limit !== null &&
    (limit === 0 || (limit as number) > ANONYMOUS_LIST_LIMIT)
  ) {
    throw new APIError(
      `${name('limit')} must be between 1 and ${ANONYMOUS_LIST_LIMIT} without logging in.`,
      400,
      {},
      true,
    )
  }
}

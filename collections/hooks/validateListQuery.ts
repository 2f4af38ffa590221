import type { CollectionBeforeOperationHook, CollectionSlug } from 'payload'

import { APIError } from 'payload'

import { listMembers, whereConditions } from './whereConditions'

/** The most documents an anonymous reader may ask for in one list request. */
export const ANONYMOUS_LIST_LIMIT = 100
/** A sort key: a field path, optionally descending. An empty key or a bare "-" fails on MongoDB with a 500. */
const SORT_KEY = /^-?[A-Za-z_][\w.]*$/
/** No list has this many pages; larger page numbers are refused rather than sent to the database. */
const MAX_PAGE = 1_000_000
/** Operators that take a list (`a,b,c` in a query string). */
const LIST_OPERATORS = new Set(['all', 'in', 'not_in'])

/**
 * The first list operator in a `where` with an empty member (`where[id][in]=` arrives as `''`), as a query-string
 * path; such a value reached the database and failed there with a 500.
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

/**
 * Refuses malformed `limit`, `page` and `sort` values from anyone, and bounds what an anonymous REST or GraphQL reader
 * can make one request cost: `limit` at most
 * {@link ANONYMOUS_LIST_LIMIT}, and no `limit=0` or `pagination=false` (both mean "everything"). Logged-in staff
 * and Local API calls are not limited. Payload's population reads (unpaginated, by a list of ids) share the
 * request and are not checked; of the other reads only the first is, the reader's own. In GraphQL that is the
 * first top-level field; the complexity limit bounds the others.
 *
 * @returns the hook, typed for the collection it is added to.
 * @throws APIError 400 naming the parameter (from the hook).
 */
export function validateListQuery<TSlug extends CollectionSlug>(): CollectionBeforeOperationHook<TSlug> {
  return ({ args, operation, req }) => {
    if (operation !== 'read' || req.payloadAPI === 'local' || req.context.isListLimitChecked) {
      return args
    }
    const { disableErrors, limit, page, pagination, sort, where } = args as {
      disableErrors?: boolean
      limit?: number
      page?: number
      pagination?: boolean
      sort?: string | string[]
      where?: { id?: { in?: unknown } }
    }
    // Checked for every read: an empty list fails in the database, whoever asks (population reads never send one).
    const emptyList = emptyListOperand(where)
    if (emptyList) {
      throw new APIError(`${emptyList} needs one or more values, separated by commas, none empty.`, 400, {}, true)
    }
    // Payload's own population reads (its relationship dataloader: listed ids, unpaginated, errors off) are not the
    // reader's request. `disableErrors` tells them apart: a reader's REST or GraphQL read never sets it, so
    // `pagination=false&where[id][in]=…` from a reader is checked like any other list.
    if (disableErrors === true && pagination === false && where?.id?.in !== undefined) {
      return args
    }
    req.context.isListLimitChecked = true
    // Malformed numbers reach the database otherwise (and fail there with a 500), for staff too.
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new APIError('limit must be a whole number.', 400, {}, true)
    }
    if (page !== undefined && !(Number.isInteger(page) && page >= 1 && page <= MAX_PAGE)) {
      throw new APIError(`page must be a whole number from 1 to ${MAX_PAGE}.`, 400, {}, true)
    }
    const sortKeys = sort === undefined ? [] : (Array.isArray(sort) ? sort : [sort]).flatMap((key) => key.split(','))
    if (sortKeys.some((key) => !SORT_KEY.test(key))) {
      throw new APIError('sort takes field names, each optionally prefixed with "-".', 400, {}, true)
    }
    if (req.user) {
      return args
    }
    if (pagination === false) {
      throw new APIError('pagination=false is not available without logging in.', 400, {}, true)
    }
    if (limit !== undefined && (limit === 0 || limit > ANONYMOUS_LIST_LIMIT)) {
      throw new APIError(`limit must be between 1 and ${ANONYMOUS_LIST_LIMIT} without logging in.`, 400, {}, true)
    }
    return args
  }
}

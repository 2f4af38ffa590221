import type { CollectionBeforeOperationHook, CollectionSlug, Payload } from 'payload'

import { APIError, isValidID, NotFound } from 'payload'

import { defaultIdFormat } from '../../src/database'
import { listMembers, whereConditions } from './whereConditions'

/** The operations that take one document id. */
const BY_ID = new Set(['delete', 'read', 'update'])
/** `where` operators whose operand is one id or a list of them, on `id` and on relationship fields. */
const ID_OPERATORS = new Set(['all', 'equals', 'in', 'not_equals', 'not_in'])

/**
 * Whether a value can be an id of a collection: of the collection's custom id type, else of the database's default
 * form ({@link defaultIdFormat}), checked with Payload's own `isValidID`; a numeric id must also be a safe integer,
 * written as a whole number when it arrives as text.
 *
 * @param payload - the Payload instance.
 * @param slug - the collection the id would belong to.
 * @param value - the id as received: text from a URL or query string, a number, or anything else from JSON.
 */
export function isPossibleId(payload: Payload, slug: CollectionSlug, value: unknown): boolean {
  const idType = payload.collections[slug]?.customIDType ?? defaultIdFormat(payload.db)
  if (idType === 'number') {
    return Number.isSafeInteger(typeof value === 'string' && /^-?\d+$/u.test(value) ? Number(value) : value)
  }
  return (typeof value === 'string' || typeof value === 'number') && isValidID(value, idType)
}

/**
 * Answers an id that no document can have before it reaches the database, where it failed with a 500: on SQLite
 * (numeric ids) `articles/abc`, a 500-digit number, or `where[id][in]=abc`; on MongoDB (ObjectIds)
 * `where[id][in]=1,2`.
 * - By id (read, update, delete): 404, as for an id that is merely unused.
 * - In a `where` (any operation), on `id` or on a relationship or upload field of the collection with one target:
 *   400 naming the condition. Values that are neither text nor numbers, `null`, and the text `null` on a
 *   relationship (an empty one), are left to Payload.
 *
 * @returns the hook, typed for the collection it is added to.
 * @throws NotFound (404) for an impossible id in the path; APIError (400) for one in a `where`.
 */
export function rejectImpossibleIds<TSlug extends CollectionSlug>(): CollectionBeforeOperationHook<TSlug> {
  return ({ args, collection, operation, req }) => {
    const { id, where } = args as { id?: unknown; where?: unknown }
    if (id !== undefined && BY_ID.has(operation) && !isPossibleId(req.payload, collection.slug, id)) {
      throw new NotFound(req.t)
    }
    for (const { field, operand, operator, path } of whereConditions(where)) {
      // In a version history (`/versions`, a `read` to hooks), `parent` is the versioned document's id.
      const isParent = field === 'parent' && Boolean(collection.versions) && !singleTarget(collection.flattenedFields, field)
      const isOwnId = field === 'id' || isParent
      const target = isOwnId ? collection.slug : singleTarget(collection.flattenedFields, field)
      if (!target || !ID_OPERATORS.has(operator)) {
        continue
      }
      const isSingle = operator === 'equals' || operator === 'not_equals'
      // `equals=null` in a query string asks for an empty relationship; both adapters read the text 'null' so.
      if (isSingle && operand === 'null' && field !== 'id') {
        continue
      }
      const values = isSingle ? [operand] : (listMembers(operand) ?? [])
      const impossible = values.find(
        (value) => (typeof value === 'string' || typeof value === 'number') && !isPossibleId(req.payload, target, value),
      )
      if (impossible !== undefined) {
        throw new APIError(`${path} holds ${JSON.stringify(impossible)}, which cannot be an id of ${target}.`, 400, {}, true)
      }
    }
    return args
  }
}

/**
 * The collection a top-level relationship or upload field points to, when it points to exactly one.
 *
 * @param fields - the collection's flattened fields.
 * @param name - a field path from a `where`; dotted paths (`authors.name`) query the target's own fields.
 */
function singleTarget(
  fields: Array<{ name: string; relationTo?: unknown; type: string }>,
  name: string,
): CollectionSlug | undefined {
  const field = fields.find((candidate) => candidate.name === name)
  if (!field || (field.type !== 'relationship' && field.type !== 'upload')) {
    return undefined
  }
  return typeof field.relationTo === 'string' ? (field.relationTo as CollectionSlug) : undefined
}

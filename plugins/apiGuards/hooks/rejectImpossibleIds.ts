import type { CollectionBeforeOperationHook, CollectionSlug, FlattenedField, Payload } from 'payload'

import { APIError, isValidID, NotFound } from 'payload'

import { defaultIdFormat } from '../../../utilities/idFormat'
import { documentFieldPath, listMembers, whereConditions } from './whereConditions'
import { pathFields } from './whereProblems'

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
 * - In a `where` (any operation), on `id`, on a relationship or upload field with one target, or on such a
 *   field's `id` (`authors.id`): 400 naming the condition. Values that are neither text nor numbers, `null`, and the text `null` on a
 *   relationship (an empty one), are left to Payload.
 *
 * Workaround: Payload 3.90.1 answers 500 for these ids (SQLite), and its MongoDB adapter drops a lone uncastable
 * `where[id][equals]` (the filter vanishes) and answers 500 for a list of them.
 *
 * @throws NotFound (404) for an impossible id in the path; APIError (400) for one in a `where`.
 */
export const rejectImpossibleIds: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  const { id, where } = args as { id?: unknown; where?: unknown }
  if (id !== undefined && BY_ID.has(operation) && !isPossibleId(req.payload, collection.slug, id)) {
    throw new NotFound(req.t)
  }
  for (const { field: written, operand, operator, path } of whereConditions(where)) {
    const field = documentFieldPath(written, collection.flattenedFields).path
    // In a version history (`/versions`, a `read` to hooks), `parent` is the versioned document's id.
    const isParent =
      field === 'parent' &&
      Boolean(collection.versions) &&
      !collection.flattenedFields.some((candidate) => candidate.name === 'parent')
    const isOwnId = field === 'id' || isParent
    const target = isOwnId ? collection.slug : idTarget(req.payload, collection.flattenedFields, field)
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
      throw new APIError(
        `${path} holds ${JSON.stringify(impossible)}, which cannot be an id of ${target}.`,
        400,
        {},
        true,
      )
    }
  }
  return args
}

/**
 * The collection whose ids a `where` path compares: a relationship or upload field with one target (`authors`,
 * or `authors.avatar` through one), or such a field's `id` (`authors.id`).
 *
 * @param payload - the Payload instance.
 * @param fields - the queried collection's flattened fields.
 * @param path - a field path from a `where`.
 * @returns the target collection, or undefined when the path compares no ids (or several collections' ids).
 */
function idTarget(payload: Payload, fields: FlattenedField[], path: string): CollectionSlug | undefined {
  const segments = path.split('.')
  const isIdOfRelated = segments.length > 1 && segments.at(-1) === 'id'
  const relationPath = isIdOfRelated ? segments.slice(0, -1).join('.') : path
  const resolved = pathFields(payload, fields, relationPath)
  const field = resolved.at(-1)
  if (resolved.length !== relationPath.split('.').length || !field) {
    return undefined
  }
  if (field.type !== 'relationship' && field.type !== 'upload') {
    return undefined
  }
  return typeof field.relationTo === 'string' ? field.relationTo : undefined
}

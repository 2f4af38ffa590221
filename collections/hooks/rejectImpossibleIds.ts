import type { CollectionBeforeOperationHook, CollectionSlug } from 'payload'

import { isValidID, NotFound } from 'payload'

/** The operations that take one document id. */
const BY_ID = new Set(['delete', 'read', 'update'])

/**
 * Answers 404 for a document id that no document of the collection can have, before it reaches the database:
 * on SQLite (numeric ids) `articles/abc` and a 500-digit number failed there with a 500. The id type is the one
 * Payload itself checks ids against (the collection's custom id type, else the database adapter's default),
 * with Payload's own `isValidID`; a numeric id must also be a safe integer.
 *
 * @returns the hook, typed for the collection it is added to.
 * @throws NotFound (404) for such an id, on read, update and delete by id.
 */
export function rejectImpossibleIds<TSlug extends CollectionSlug>(): CollectionBeforeOperationHook<TSlug> {
  return ({ args, collection, operation, req }) => {
    const id = (args as { id?: unknown }).id
    if (id === undefined || !BY_ID.has(operation)) {
      return args
    }
    const idType = req.payload.collections[collection.slug]?.customIDType ?? req.payload.db.defaultIDType
    const value = idType === 'number' && typeof id === 'string' && /^-?\d+$/u.test(id) ? Number(id) : id
    const isPossible = idType === 'number' ? Number.isSafeInteger(value) : isValidID(value as string, idType)
    if (!isPossible) {
      throw new NotFound(req.t)
    }
    return args
  }
}

import type { CollectionBeforeChangeHook, CollectionSlug, FlattenedField, PayloadRequest } from 'payload'

import { ValidationError } from 'payload'

import { isPossibleId } from './rejectImpossibleIds'

/** One id a write asks a relationship or upload field to point to, with the field's path in the data. */
type Reference = { collection: CollectionSlug; id: unknown; path: string }

/**
 * The relationship and upload ids in a write's data, field by field: top-level fields, and those inside groups,
 * tabs, arrays and blocks (`meta.image`, `rows.0.author`). Ids inside rich text are not relationships of the
 * document and are not listed. Populated values (`{ id }`) have been reduced to ids by Payload before
 * `beforeChange`; empty values (`null`, `[]`) name nothing.
 *
 * @param fields - the flattened fields the data belongs to.
 * @param data - the data of a create or update, partial for an update.
 * @param prefix - the path of `data` itself: '' at the top.
 */
export function* referencesIn(fields: FlattenedField[], data: unknown, prefix = ''): Generator<Reference> {
  if (typeof data !== 'object' || data === null) {
    return
  }
  const values = data as Record<string, unknown>
  for (const field of fields) {
    if (!('name' in field) || !(field.name in values)) {
      continue
    }
    const value = values[field.name]
    const path = `${prefix}${field.name}`
    if (field.type === 'relationship' || field.type === 'upload') {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (Array.isArray(field.relationTo)) {
          const { relationTo, value: id } = (item ?? {}) as { relationTo?: unknown; value?: unknown }
          if (typeof relationTo === 'string' && field.relationTo.includes(relationTo as CollectionSlug)) {
            yield* namedId(relationTo as CollectionSlug, id, path)
          }
        } else {
          yield* namedId(field.relationTo, item, path)
        }
      }
    } else if (field.type === 'array' && Array.isArray(value)) {
      for (const [index, row] of value.entries()) {
        yield* referencesIn(field.flattenedFields, row, `${path}.${index}.`)
      }
    } else if (field.type === 'blocks' && Array.isArray(value)) {
      for (const [index, row] of value.entries()) {
        const blockType = (row as { blockType?: unknown } | null)?.blockType
        const block = field.blocks.find((candidate) => typeof candidate === 'object' && candidate.slug === blockType)
        if (block) {
          yield* referencesIn(block.flattenedFields, row, `${path}.${index}.`)
        }
      }
    } else if ('flattenedFields' in field && field.type !== 'array') {
      yield* referencesIn(field.flattenedFields, value, `${path}.`)
    }
  }
}

/** An id to look up, unless the value names no document (empty, `null`). */
function* namedId(collection: CollectionSlug, id: unknown, path: string): Generator<Reference> {
  if (id !== null && id !== undefined && id !== '') {
    yield { id, collection, path }
  }
}

/**
 * The ids of `collection` among `ids` that a document has, whatever the reader may see: the existence of a
 * document is checked, not its visibility (trashed documents exist; drafts are documents).
 */
async function existingIds(req: PayloadRequest, collection: CollectionSlug, ids: unknown[]): Promise<Set<string>> {
  const { docs } = await req.payload.find({
    collection,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: {},
    trash: Boolean(req.payload.collections[collection]?.config.trash),
    where: { id: { in: ids } },
  })
  return new Set(docs.map((doc) => String(doc.id)))
}

/**
 * Refuses a create or update, drafts and autosaves included, whose relationship or upload fields point to a
 * document that does not exist, naming each such field: on SQLite the write failed with a 500 ("FOREIGN KEY
 * constraint failed"), on MongoDB it was stored with a reference to nothing. Ids that cannot be ids at all
 * (`"abc"` on SQLite) are refused the same way. Runs for every API, after access and the collection's own
 * `beforeChange` hooks, so that it checks what would be written; ids the document already holds are not looked up
 * again.
 * Workaround: Payload 3.90.1 checks only the form of a relationship id, never that the document exists.
 *
 * @throws ValidationError (400) listing each field with the id it cannot point to.
 */
export const rejectMissingReferences: CollectionBeforeChangeHook = async ({ collection, data, originalDoc, req }) => {
  // Ids the document already holds were checked when they were written: an autosave or a re-import that keeps its
  // byline costs no query.
  const held = new Set(
    [...referencesIn(collection.flattenedFields, originalDoc)].map(
      ({ id, collection: slug }) => `${slug}:${String(id)}`,
    ),
  )
  const references = [...referencesIn(collection.flattenedFields, data)].filter(
    ({ id, collection: slug }) => !held.has(`${slug}:${String(id)}`),
  )
  if (references.length === 0) {
    return data
  }
  const errors: Array<{ message: string; path: string }> = []
  const byCollection = new Map<CollectionSlug, Reference[]>()
  for (const reference of references) {
    if (!isPossibleId(req.payload, reference.collection, reference.id)) {
      errors.push({
        message: `${JSON.stringify(reference.id)} cannot be an id of ${reference.collection}.`,
        path: reference.path,
      })
    } else {
      byCollection.set(reference.collection, [...(byCollection.get(reference.collection) ?? []), reference])
    }
  }
  for (const [target, listed] of byCollection) {
    const found = await existingIds(req, target, [...new Set(listed.map(({ id }) => id))])
    for (const { id, path } of listed) {
      if (!found.has(String(id))) {
        errors.push({ message: `No document of ${target} has the id ${JSON.stringify(id)}.`, path })
      }
    }
  }
  if (errors.length > 0) {
    throw new ValidationError({ collection: collection.slug, errors: dedupe(errors) }, req.t)
  }
  return data
}

/** The errors without repeats (one id listed twice in a field is named once). */
function dedupe(errors: Array<{ message: string; path: string }>): Array<{ message: string; path: string }> {
  const seen = new Set<string>()
  return errors.filter(({ message, path }) => {
    const key = `${path}\n${message}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
}

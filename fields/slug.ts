import type { CollectionSlug, FieldHook, TextField } from 'payload'

import { slugCandidate, toSlug } from '../utilities/slugify'
import { STORES_FOLDED_TEXT } from './searchKey'

/** How many suffixed candidates one query checks before looking further. */
const CANDIDATES_PER_QUERY = 20

/**
 * Finds the first free slug among `base`, `base-2`, `base-3`, … in a collection.
 *
 * @param args.base - the wanted slug.
 * @param args.collection - the collection to look in.
 * @param args.excludeId - the document being saved (its own slug is not a clash).
 * @param args.req - the request, so the lookup shares its transaction.
 * @returns the first candidate no other document uses.
 */
async function firstFreeSlug({
  base,
  collection,
  excludeId,
  req,
}: {
  base: string
  collection: CollectionSlug
  excludeId: number | string | undefined
  req: Parameters<FieldHook>[0]['req']
}): Promise<string> {
  for (let first = 1; ; first += CANDIDATES_PER_QUERY) {
    const candidates = Array.from({ length: CANDIDATES_PER_QUERY }, (_, i) => slugCandidate(base, first + i))
    const taken = await req.payload.find({
      collection,
      depth: 0,
      limit: CANDIDATES_PER_QUERY,
      overrideAccess: true,
      pagination: false,
      req,
      select: { slug: true },
      // A trashed document still holds its slug (the unique index counts it, and it may be restored).
      trash: true,
      where: {
        and: [{ slug: { in: candidates } }, ...(excludeId === undefined ? [] : [{ id: { not_equals: excludeId } }])],
      },
    })
    const used = new Set(taken.docs.map((doc) => (doc as { slug?: string }).slug))
    const free = candidates.find((candidate) => !used.has(candidate))
    if (free) {
      return free
    }
  }
}

/**
 * A unique, URL-safe `slug` field derived from another field.
 *
 * Behaviour: on create the slug comes from `from` (or from a slug the editor typed), normalised by
 * {@link toSlug}; a clash gets `-2`, `-3`, … Once set, it does not follow later edits of `from`, so
 * published URLs stay stable; an editor may still change it on purpose. A duplicate does not copy its source's
 * slug: it gets one by the same rules, from its `from` (the source's, unless the duplicate names another), so
 * copies of "Storm warning" are `storm-warning-2`, `storm-warning-3`, … The unique index is the final guard
 * against two concurrent saves choosing the same candidate.
 *
 * @param args.from - the field the slug is derived from (e.g. `title`, `name`).
 * @param args.fallbackPrefix - prefix of the hash slug used when `from` has no transliterable letters.
 * @param args.overrides - merged last into the field config.
 */
export function slugField({
  fallbackPrefix,
  from,
  overrides = {},
}: {
  fallbackPrefix: string
  from: string
  overrides?: Partial<Pick<TextField, 'admin' | 'index' | 'label' | 'required' | 'unique'>>
}): TextField {
  const formatSlug: FieldHook = async ({ collection, data, operation, originalDoc, req, value }) => {
    // On create, `originalDoc` is the source of a duplicate (or nothing): its slug is not this document's.
    const current = operation === 'update' && typeof originalDoc?.slug === 'string' ? originalDoc.slug : undefined
    const typed = typeof value === 'string' && value.trim() ? value : undefined
    if (current && (!typed || typed === current)) {
      return current
    }
    const text = (candidate: unknown) => (typeof candidate === 'string' && candidate.trim() ? candidate : undefined)
    const source = typed ?? text(data?.[from]) ?? text(originalDoc?.[from])
    if (!source?.trim() || !collection) {
      return value
    }
    return firstFreeSlug({
      base: toSlug(source, fallbackPrefix),
      collection: collection.slug,
      excludeId: originalDoc?.id,
      req,
    })
  }

  return {
    name: 'slug',
    type: 'text',
    admin: {
      description: `Made from the ${from} when left empty; stays the same when the ${from} changes.`,
      position: 'sidebar',
    },
    // Lowercase ASCII already ({@link toSlug}): `like` and `contains` fold only the searched value.
    custom: STORES_FOLDED_TEXT,
    hooks: {
      // Workaround: Payload 3.90.1 gives a unique text field's duplicate `<value> - Copy` (spaces, capitals) after
      // the slug is made, and a second duplicate then fails as not unique. Dropping the copied slug lets
      // formatSlug make one.
      beforeDuplicate: [() => null],
      beforeValidate: [formatSlug],
    },
    index: true,
    unique: true,
    ...overrides,
  }
}

import type { CollectionSlug, FieldHook, TextField } from 'payload'

import { slugCandidate, toSlug } from '../utilities/slugify'

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
 * published URLs stay stable; an editor may still change it on purpose. The unique index is the final guard
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
  const formatSlug: FieldHook = async ({ collection, data, originalDoc, req, value }) => {
    const current = typeof originalDoc?.slug === 'string' ? originalDoc.slug : undefined
    const typed = typeof value === 'string' && value.trim() ? value : undefined
    if (current && (!typed || typed === current)) {
      return current
    }
    const source = typed ?? (typeof data?.[from] === 'string' ? data[from] : undefined)
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
    hooks: { beforeValidate: [formatSlug] },
    index: true,
    unique: true,
    ...overrides,
  }
}

import type { PayloadRequest } from 'payload'

import type { Id } from './plan'

import { toSlug } from '../../utilities/slugify'

/** The collections the importer fills from a document's names: byline names and tag names. */
export type NamedCollection = 'authors' | 'tags'

/** Ids of authors and tags already known to exist, by slug; shared by the documents of one run. */
export type LookupCache = Record<NamedCollection, Map<string, Id>>

/**
 * A cache for one import run.
 *
 * @returns empty author and tag maps.
 */
export function createLookupCache(): LookupCache {
  return { authors: new Map(), tags: new Map() }
}

/**
 * How a name was matched: `slug`: a row with the name's slug; `first-name` (authors): the only author with that
 * first name; `new`: created; `new-for-review` (authors): created from a bare first name and flagged `needsReview`.
 */
export type NameMatch = 'first-name' | 'new' | 'new-for-review' | 'slug'

/** What a look-up found; `id` is absent when {@link findBySlug} would have to create the row. */
export type Found = { id?: Id; match: NameMatch; warning?: string }

type LookupArgs = {
  cache: LookupCache
  collection: NamedCollection
  /** A byline name or a tag name, as the source spells it. */
  name: string
  /** The request (and transaction) to read and write through. */
  req: PayloadRequest
}

/** What the names of each collection are slugged with, and whether a lone first name may match a row. */
const RULES = {
  authors: { isFirstNameMatched: true, slugPrefix: 'author' },
  tags: { isFirstNameMatched: false, slugPrefix: 'tag' },
} as const satisfies Record<NamedCollection, { isFirstNameMatched: boolean; slugPrefix: string }>

type Lookup =
  | { create: { name: string; needsReview?: true; slug: string }; match: 'new' | 'new-for-review'; whyReview?: string }
  | { id: Id; match: 'first-name' | 'slug'; warning?: string }

/**
 * Finds the author or tag a name stands for and creates it when missing. Matched by slug (case and accents
 * folded, `utilities/slugify`); for authors, a lone first name ("Jérôme") matches the only author whose name
 * starts with it, else a new author is created with `needsReview` and a warning (the README's "Authors" rule).
 * An author found with `needsReview` still ticked is matched, with a warning. Ids found by slug are cached for
 * the run; rows created are found again by query.
 *
 * @param args.collection - `authors` or `tags`; `args.name` - the name as the source spells it.
 * @param args.req - the request to read and write through (the batch's transaction); `args.cache` - the run's cache.
 * @returns the row's id, how the name matched, and a warning worth a look.
 * @throws whatever Payload throws (validation, database).
 */
export async function findOrCreateBySlug(args: LookupArgs): Promise<{ id: Id } & Found> {
  const found = await lookUp(args)
  if (!('create' in found)) {
    return found
  }
  const { collection, req } = args
  const row = await req.payload.create({ collection, data: found.create, depth: 0, overrideAccess: true, req })
  return {
    id: row.id,
    match: found.match,
    ...(found.whyReview ? { warning: reviewWarning(args.name, found.whyReview, 'created') } : {}),
  }
}

/**
 * What {@link findOrCreateBySlug} would find, creating nothing: for a dry run.
 *
 * @param args - as for {@link findOrCreateBySlug}.
 * @returns the row's id when it exists; how the name matches; a warning worded as what would happen.
 * @throws whatever the database throws.
 */
export async function findBySlug(args: LookupArgs): Promise<Found> {
  const found = await lookUp(args)
  if (!('create' in found)) {
    return found
  }
  return {
    match: found.match,
    ...(found.whyReview ? { warning: reviewWarning(args.name, found.whyReview, 'would create') } : {}),
  }
}

function reviewWarning(name: string, why: string, verb: string): string {
  return `byline "${name}" is a first name only and ${why}: ${verb} an author flagged for review`
}

async function lookUp({ name, cache, collection, req }: LookupArgs): Promise<Lookup> {
  const { isFirstNameMatched, slugPrefix } = RULES[collection]
  const slug = toSlug(name, slugPrefix)
  const cached = cache[collection].get(slug)
  if (cached !== undefined) {
    return { id: cached, match: 'slug' }
  }
  const { docs } = await req.payload.find({
    collection,
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    select: collection === 'authors' ? { slug: true, needsReview: true } : { slug: true },
    where: { slug: { equals: slug } },
  })
  const row = docs[0]
  if (row) {
    cache[collection].set(slug, row.id)
    const warning =
      'needsReview' in row && row.needsReview ? `byline "${name}" matched an author who still needs review` : undefined
    return { id: row.id, match: 'slug', ...(warning ? { warning } : {}) }
  }
  const isFirstNameOnly = !/\s/u.test(name.trim())
  if (!isFirstNameMatched || !isFirstNameOnly) {
    return { create: { name, slug }, match: 'new' }
  }
  const namesakes = await findByFirstName({ firstNameSlug: slug, req })
  if (namesakes.length === 1) {
    return { id: namesakes[0].id, match: 'first-name' }
  }
  const whyReview = namesakes.length
    ? `${namesakes.length} authors have that first name (${namesakes.map((author) => author.name).join(', ')})`
    : 'no author has that first name'
  return { create: { name, slug, needsReview: true }, match: 'new-for-review', whyReview }
}

/** Authors whose name's first word has the slug `firstNameSlug` (compared as slugs: case and accents folded). */
async function findByFirstName({ firstNameSlug, req }: { firstNameSlug: string; req: PayloadRequest }) {
  const { docs } = await req.payload.find({
    collection: 'authors',
    depth: 0,
    limit: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { name: true, slug: true },
    where: { slug: { like: firstNameSlug } },
  })
  return docs.filter((author) => toSlug(author.name.trim().split(/\s+/u)[0] ?? '', 'author') === firstNameSlug)
}

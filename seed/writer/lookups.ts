import type { PayloadRequest } from 'payload'

import type { Id } from './plan'

import { toSlug } from '../../utilities/slugify'

/** Ids of authors and tags already known to exist, by slug; shared by the documents of one run. */
export type LookupCache = { authors: Map<string, Id>; tags: Map<string, Id> }

/**
 * A cache for one import run.
 *
 * @returns empty author and tag maps.
 */
export function createLookupCache(): LookupCache {
  return { authors: new Map(), tags: new Map() }
}

/** How a byline name resolves before anything is created: an existing author, or the author to create. */
export type AuthorLookup =
  | { create: { name: string; needsReview?: true; slug: string }; match: 'new' | 'new-for-review'; warning?: (verb: string) => string }
  | { id: Id; match: 'first-name' | 'slug'; warning?: string }

type LookupArgs = { cache?: LookupCache; name: string; req: PayloadRequest }

/**
 * Finds the author a byline name stands for, creating nothing. By slug; a lone first name matches the only
 * author with that first name, else the author to create is flagged `needsReview`.
 *
 * @param args.name - the byline name; `args.req` - the request to read through; `args.cache` - the run's cache.
 * @returns the author found, or the one to create (with its warning, worded by the caller's verb).
 * @throws whatever the database throws.
 */
export async function findAuthor({ cache, name, req }: LookupArgs): Promise<AuthorLookup> {
  const slug = toSlug(name, 'author')
  const cached = cache?.authors.get(slug)
  if (cached !== undefined) {
    return { id: cached, match: 'slug' }
  }
  const { docs } = await req.payload.find({
    collection: 'authors',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    select: { needsReview: true, slug: true },
    where: { slug: { equals: slug } },
  })
  if (docs[0]) {
    cache?.authors.set(slug, docs[0].id)
    const warning = docs[0].needsReview ? `byline "${name}" matched an author who still needs review` : undefined
    return { id: docs[0].id, match: 'slug', ...(warning ? { warning } : {}) }
  }
  const isFirstNameOnly = !/\s/u.test(name.trim())
  if (!isFirstNameOnly) {
    return { create: { name, slug }, match: 'new' }
  }
  const namesakes = await findByFirstName({ firstNameSlug: slug, req })
  if (namesakes.length === 1) {
    return { id: namesakes[0]!.id, match: 'first-name' }
  }
  const why = namesakes.length
    ? `${namesakes.length} authors have that first name (${namesakes.map((author) => author.name).join(', ')})`
    : 'no author has that first name'
  return {
    create: { name, needsReview: true, slug },
    match: 'new-for-review',
    warning: (verb) => `byline "${name}" is a first name only and ${why}: ${verb} an author flagged for review`,
  }
}

/**
 * Finds the author a byline name stands for, as {@link findAuthor} does, and creates it when missing.
 *
 * @returns the author's id, how the name matched, and a warning worth a look.
 * @throws whatever Payload throws.
 */
export async function findOrCreateAuthor(args: LookupArgs): Promise<{ id: Id; match: AuthorLookup['match']; warning?: string }> {
  const found = await findAuthor(args)
  if (!('create' in found)) {
    return found
  }
  const author = await args.req.payload.create({ collection: 'authors', data: found.create, depth: 0, overrideAccess: true, req: args.req })
  return { id: author.id, match: found.match, ...(found.warning ? { warning: found.warning('created') } : {}) }
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

/**
 * Finds the tag a name stands for by slug, and creates it when missing.
 *
 * @returns the tag's id.
 * @throws whatever Payload throws.
 */
export async function findOrCreateTag({ cache, name, req }: LookupArgs): Promise<Id> {
  const slug = toSlug(name, 'tag')
  const cached = cache?.tags.get(slug)
  if (cached !== undefined) {
    return cached
  }
  const { docs } = await req.payload.find({
    collection: 'tags',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    select: { slug: true },
    where: { slug: { equals: slug } },
  })
  if (docs[0]) {
    cache?.tags.set(slug, docs[0].id)
    return docs[0].id
  }
  const tag = await req.payload.create({ collection: 'tags', data: { name, slug }, depth: 0, overrideAccess: true, req })
  return tag.id
}

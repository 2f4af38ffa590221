import type { Payload, PayloadRequest, Where } from 'payload'

import { existsSync } from 'node:fs'
import path from 'node:path'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import type { Article } from '../src/payload-types'
import type { SourceDocument, SourceFile } from './document'

import { IMPORT_CONTEXT_KEY } from '../collections/Articles/hooks/trackImportEdits'
import { plainTextOf } from '../utilities/lexicalText'
import { countWords, readingTimeMinutes } from '../utilities/readingTime'
import { slugCandidate, toSlug } from '../utilities/slugify'
import { IMPORTER_VERSION } from './readSource'

/** What an import did (or, in a dry run, would do) to one document. */
export type ImportAction = 'conflict' | 'created' | 'unchanged' | 'updated'

type Id = number | string

/** How a byline name was resolved to an author. */
export type AuthorMatch = {
  /** `slug`: an author with the name's slug; `first-name`: the only author with that first name; `new`: created;
   * `new-for-review`: created from a bare first name and flagged `needsReview`. */
  match: 'first-name' | 'new' | 'new-for-review' | 'slug'
  name: string
  slug: string
}

export type WriteResult = {
  action: ImportAction
  /** How each byline name was matched; empty when the action needed no author (`unchanged`, `conflict`). */
  authors: AuthorMatch[]
  /** The byline names the source states, in order. */
  byline: string[]
  /** Minutes, by the core rule (`utilities/readingTime`). */
  readingTime: number
  /** Why nothing was written, for `conflict`. */
  reason?: string
  slug: string
  /** Problems worth a look that did not stop the import. */
  warnings: string[]
  /** Words in the body, by the core rule. */
  wordCount: number
}

/** What the importer needs to know of an existing article to decide what to do with a document. */
export type ArticleSummary = {
  /** Set when the article is in the trash. */
  deletedAt?: null | string
  id: Id
  slug?: null | string
  source?: Article['source']
}

/**
 * Every article's slug and provenance, read once for a run (see {@link loadArticleIndex}) so that deciding
 * which article a document is costs no query. Writes of the run keep it current.
 */
export type ArticleIndex = {
  byHash: Map<string, ArticleSummary>
  byId: Map<Id, ArticleSummary>
  byPath: Map<string, ArticleSummary>
  bySlug: Map<string, ArticleSummary>
}

/**
 * Reads the slug and provenance of every article (newest version, drafts and trash included) in one query:
 * pages would skip or repeat rows whose sort keys tie, and an article missed here would be created twice.
 *
 * @param payload - an initialised Payload instance.
 * @returns the index; about 200 bytes per article.
 * @throws whatever the database throws.
 */
export async function loadArticleIndex(payload: Payload): Promise<ArticleIndex> {
  const index: ArticleIndex = { byHash: new Map(), byId: new Map(), byPath: new Map(), bySlug: new Map() }
  const { docs } = await payload.find({
    collection: 'articles',
    depth: 0,
    draft: true,
    limit: 0,
    overrideAccess: true,
    pagination: false,
    select: { deletedAt: true, slug: true, source: true },
    trash: true,
  })
  docs.forEach((article) => remember(index, article))
  return index
}

/** Records an article as it now is, first forgetting the keys its previous state held. */
function remember(index: ArticleIndex, article: ArticleSummary): void {
  const previous = index.byId.get(article.id)
  if (previous) {
    for (const [map, key] of [
      [index.bySlug, previous.slug],
      [index.byPath, previous.source?.path],
      [index.byHash, previous.source?.contentHash],
    ] as const) {
      if (key && map.get(key) === previous) {
        map.delete(key)
      }
    }
  }
  index.byId.set(article.id, article)
  if (article.slug) {
    index.bySlug.set(article.slug, article)
  }
  if (article.source?.path) {
    index.byPath.set(article.source.path, article)
  }
  if (article.source?.contentHash) {
    index.byHash.set(article.source.contentHash, article)
  }
}

/** Ids of authors and tags already known to exist, by slug; shared by the documents of one run. */
export type LookupCache = { authors: Map<string, Id>; tags: Map<string, Id> }

/**
 * Whether the database runs transactions: SQLite here always does; MongoDB only over a replica set (Payload
 * silently runs without them otherwise).
 *
 * @param payload - an initialised Payload instance.
 * @returns true when a transaction could be opened (it is rolled back at once).
 */
export async function hasTransactions(payload: Payload): Promise<boolean> {
  const req = await createLocalReq({}, payload)
  const isOpen = await initTransaction(req)
  if (isOpen) {
    await killTransaction(req)
  }
  return isOpen
}

/**
 * A cache for one import run.
 *
 * @returns empty author and tag maps.
 */
export function createLookupCache(): LookupCache {
  return { authors: new Map(), tags: new Map() }
}

type WriteArgs = {
  /** Only plan: read what exists, decide the action, write nothing. */
  isDryRun?: boolean
  /** Write even over an article edited in the CMS since its import. */
  isForced?: boolean
  cache?: LookupCache
  document: SourceDocument
  /** The time stamped as `source.importedAt`, ISO 8601; one per run. */
  importedAt: string
  /** Known articles; without it, each document queries for its article. */
  index?: ArticleIndex
  payload: Payload
  source: SourceFile
}

/**
 * Writes one document as a published article, its new authors and tags included, in ONE transaction: a
 * failure leaves nothing behind. {@link writeBatch} does the same for several documents at once.
 *
 * Which article a document is: see `findTarget` (same path; same bytes, moved or copied; the slug it states
 * or its title's, unless another existing file or the trash owns that article).
 *
 * Overwrite policy: see docs/importing.md (why: a re-run must be free and never clobber an editor's work).
 * Authors are matched by slug; a lone first name matches the only author with that first name, else a new
 * author is created with `needsReview`.
 *
 * @param args.document - the parsed document; `args.source` - its path and hash.
 * @param args.payload - an initialised Payload instance; `args.importedAt` - the run's time stamp.
 * @param args.isDryRun - decide only; `args.isForced` - write over CMS edits; `args.index`, `args.cache` - a run's
 *   lookups (see {@link loadArticleIndex}, {@link createLookupCache}).
 * @returns the action, the article's slug, how each author was matched, warnings (such as a stated reading
 *   time that disagrees with the computed one).
 * @throws whatever Payload throws (validation, database), after rolling the transaction back.
 */
export async function writeDocument(args: WriteArgs): Promise<WriteResult> {
  if (args.isDryRun) {
    const req = await createLocalReq({ context: { [IMPORT_CONTEXT_KEY]: true } }, args.payload)
    return upsertArticle({ ...args, req })
  }
  const [result] = await writeBatch({ ...args, items: [args] })
  return result!
}

/**
 * Writes several documents in ONE transaction, with the same rules as {@link writeDocument}: one commit for
 * the lot instead of one per document, which is most of what a bulk import saves. All or nothing: when any
 * document fails the whole batch is rolled back and the error rethrown, so the caller can write the batch's
 * documents one by one and pin the failure on its document (see `importDocuments`).
 *
 * @param args.items - documents with their sources, written in order.
 * @returns one result per item, in order.
 * @throws the first error any document raised, after rolling back every write of the batch.
 */
export async function writeBatch(
  args: Omit<WriteArgs, 'document' | 'isDryRun' | 'source'> & { items: ReadonlyArray<Pick<WriteArgs, 'document' | 'source'>> },
): Promise<WriteResult[]> {
  const req = await createLocalReq({ context: { [IMPORT_CONTEXT_KEY]: true } }, args.payload)
  const ownsTransaction = await initTransaction(req)
  try {
    const results: WriteResult[] = []
    for (const item of args.items) {
      results.push(await upsertArticle({ ...args, ...item, req }))
    }
    if (ownsTransaction) {
      await commitTransaction(req)
    }
    return results
  } catch (error) {
    if (ownsTransaction) {
      await killTransaction(req)
    }
    throw error
  }
}

async function upsertArticle(args: WriteArgs & { req: PayloadRequest }): Promise<WriteResult> {
  const { document, isDryRun = false, isForced = false, req, source } = args
  const warnings: string[] = [...(document.warnings ?? [])]
  // The same rule as the `computeReadingTime` hook, so the report says what the article will store.
  const wordCount = countWords(plainTextOf(document.content))
  const readingTime = readingTimeMinutes(wordCount)
  if (document.statedReadingTime !== undefined && document.statedReadingTime !== readingTime) {
    warnings.push(`the byline states ${document.statedReadingTime} min read; the text reads in ${readingTime} min (stored)`)
  }
  const base = { byline: document.authors, readingTime, warnings, wordCount }

  const target = await findTarget({ document, index: args.index, req, source })
  if (target.note) {
    warnings.push(target.note)
  }
  const wantedSlug = toSlug(document.slug ?? document.title, 'article')
  if (target.existing?.deletedAt) {
    // Not even --force: a story an editor took down comes back only when an editor restores it.
    const reason =
      'the article is in the CMS trash; to import it again, restore it there and run with --force (restoring counts as an edit)'
    return { ...base, action: 'conflict', authors: [], reason, slug: target.existing.slug ?? wantedSlug }
  }
  if (target.conflict) {
    // Not even --force: writing would take another file's article (and the two would take turns on every run).
    return { ...base, action: 'conflict', authors: [], reason: target.conflict, slug: wantedSlug }
  }
  // Same bytes (moved files included) → nothing to write. A moved file's stored path follows it when the file
  // next changes (see findTarget, step 3), so a move never rewrites an article, even with --force.
  if (target.existing && target.existing.source?.contentHash === source.contentHash) {
    // The reading-time warning was given when the document was written; only where it maps to is news.
    const warnings = target.note ? [target.note] : []
    return { ...base, action: 'unchanged', authors: [], slug: target.existing.slug ?? wantedSlug, warnings }
  }
  // About to write over an article: read it again inside the transaction, so an editor's save since the index
  // was read still counts.
  const existing = target.existing && (await reread({ id: target.existing.id, req }))
  if (existing && !isForced) {
    const reason = !existing.source?.contentHash
      ? 'an article written in the CMS already has this slug'
      : existing.source.hasEditsSinceImport
        ? 'the article was edited in the CMS since its last import'
        : undefined
    if (reason) {
      return {
        ...base,
        action: 'conflict',
        authors: [],
        reason: `${reason}; --force overwrites it`,
        slug: existing.slug ?? wantedSlug,
      }
    }
  }

  const authors: AuthorMatch[] = []
  const authorIds: Id[] = []
  // The same name twice ("Ana Li" and "ana li") is one byline; the first spelling wins.
  for (const name of uniqueBySlug(document.authors, 'author')) {
    const { id, match, warning } = await resolveAuthor({ ...args, name, req })
    authors.push({ match, name, slug: toSlug(name, 'author') })
    if (id !== undefined) {
      authorIds.push(id)
    }
    if (warning) {
      warnings.push(warning)
    }
  }
  const tagIds: Id[] = []
  for (const name of uniqueBySlug(document.tags ?? [], 'tag')) {
    const id = await resolveTag({ ...args, name, req })
    if (id !== undefined) {
      tagIds.push(id)
    }
  }
  if (isDryRun) {
    if (existing) {
      return { ...base, action: 'updated', authors, slug: existing.slug ?? wantedSlug }
    }
    // Predict the slug the slug field would pick, and remember the plan so later documents of the run see it.
    let slug = wantedSlug
    for (let attempt = 2; args.index?.bySlug.has(slug); attempt += 1) {
      slug = slugCandidate(wantedSlug, attempt)
    }
    if (slug !== wantedSlug) {
      warnings.push(`the slug ${wantedSlug} is taken; would be created as ${slug}`)
    }
    if (args.index) {
      remember(args.index, { id: `planned:${source.path}`, slug, source: { contentHash: source.contentHash, path: source.path } })
    }
    return { ...base, action: 'created', authors, slug }
  }

  // Generated types describe SQLite's numeric ids; MongoDB's string ids pass through unchanged.
  const data = {
    _status: 'published' as const,
    authors: authorIds as number[],
    content: document.content,
    excerpt: document.excerpt ?? null,
    source: {
      contentHash: source.contentHash,
      hasEditsSinceImport: false,
      importedAt: args.importedAt,
      importerVersion: IMPORTER_VERSION,
      path: source.path,
    },
    title: document.title,
    ...(document.publishedAt === undefined ? {} : { publishedAt: document.publishedAt }),
    ...(document.tags === undefined ? {} : { tags: tagIds as number[] }),
  }
  if (!existing) {
    const created = await req.payload.create({
      collection: 'articles',
      data: { ...data, slug: wantedSlug },
      depth: 0,
      overrideAccess: true,
      req,
    })
    const slug = created.slug ?? wantedSlug
    if (args.index) {
      remember(args.index, { id: created.id, slug, source: data.source })
    }
    if (slug !== wantedSlug) {
      warnings.push(`the slug ${wantedSlug} is taken; created as ${slug}`)
    }
    return { ...base, action: 'created', authors, slug }
  }
  const updated = await req.payload.update({
    collection: 'articles',
    data: document.slug === undefined ? data : { ...data, slug: wantedSlug },
    depth: 0,
    id: existing.id,
    overrideAccess: true,
    req,
  })
  if (args.index) {
    remember(args.index, { id: updated.id, slug: updated.slug, source: data.source })
  }
  if (document.slug !== undefined && updated.slug !== wantedSlug) {
    warnings.push(`the slug ${wantedSlug} is taken; the article keeps ${updated.slug}`)
  }
  return { ...base, action: 'updated', authors, slug: updated.slug ?? wantedSlug }
}

/** Names without repeats, compared by slug (case and accents folded); the first spelling of each is kept. */
function uniqueBySlug(names: readonly string[], prefix: string): string[] {
  const seen = new Set<string>()
  return names.filter((name) => {
    const slug = toSlug(name, prefix)
    return !seen.has(slug) && Boolean(seen.add(slug))
  })
}

/** The newest version of an article (draft or published), slug and provenance only. */
async function reread({ id, req }: { id: Id; req: PayloadRequest }): Promise<ArticleSummary> {
  return (await req.payload.findByID({
    collection: 'articles',
    depth: 0,
    draft: true,
    id,
    overrideAccess: true,
    req,
    select: { deletedAt: true, slug: true, source: true },
    trash: true,
  })) as ArticleSummary
}

/** Where a document goes, as {@link findTarget} decides. */
type Target = {
  /** Nothing may be written, even with --force, for this reason. */
  conflict?: string
  existing?: ArticleSummary
  /** Worth a warning. */
  note?: string
}

/**
 * The article a document maps to, if any. Looks in `index` when given, else queries (newest versions, drafts
 * included). In order:
 * 1. the article imported from the same path;
 * 2. the article imported from a file with the same bytes: that file moved or renamed (when the old path is
 *    gone), or copied (when it is still there); either way there is nothing to write;
 * 3. the article with the document's slug (the one its front matter states, else its title's): taken over
 *    when it was written in the CMS (the policy then makes that a conflict) or when its source file no longer
 *    exists (moved, renamed, edited: the stored path follows); when its source file still exists, or the
 *    article is in the trash, it is not this document's: a title's slug gets a new article (`-2`), a slug the
 *    front matter insists on is a conflict.
 */
async function findTarget({
  document,
  index,
  req,
  source,
}: {
  document: SourceDocument
  index?: ArticleIndex
  req: PayloadRequest
  source: SourceFile
}): Promise<Target> {
  const query = async (where: Where) => {
    const { docs } = await req.payload.find({
      collection: 'articles',
      depth: 0,
      draft: true,
      limit: 1,
      overrideAccess: true,
      pagination: false,
      req,
      select: { deletedAt: true, slug: true, source: true },
      trash: true,
      where,
    })
    return docs[0] as ArticleSummary | undefined
  }
  const sourceExists = (stored: string) => existsSync(path.resolve(source.root, stored))

  const samePath = index ? index.byPath.get(source.path) : await query({ 'source.path': { equals: source.path } })
  if (samePath) {
    return { existing: samePath }
  }
  const sameBytes = index
    ? index.byHash.get(source.contentHash)
    : await query({ 'source.contentHash': { equals: source.contentHash } })
  if (sameBytes?.source?.path) {
    return sourceExists(sameBytes.source.path)
      ? { existing: sameBytes, note: `same bytes as ${sameBytes.source.path}, already imported as ${sameBytes.slug}` }
      : {
          existing: sameBytes,
          note: `moved from ${sameBytes.source.path} (the stored path follows when the file next changes)`,
        }
  }
  const slug = toSlug(document.slug ?? document.title, 'article')
  const sameSlug = index ? index.bySlug.get(slug) : await query({ slug: { equals: slug } })
  if (sameSlug?.deletedAt) {
    const taken = `the slug ${slug} belongs to an article in the CMS trash`
    return document.slug === undefined ? { note: taken } : { conflict: taken }
  }
  const owner = sameSlug?.source?.path
  if (!sameSlug || !owner) {
    return { existing: sameSlug }
  }
  if (!sourceExists(owner)) {
    return { existing: sameSlug, note: `takes over the article imported from ${owner}, a file that no longer exists` }
  }
  if (document.slug !== undefined) {
    return { conflict: `the slug ${slug} belongs to the article imported from ${owner}` }
  }
  return { note: `the title's slug ${slug} belongs to the article imported from ${owner}` }
}

async function resolveAuthor({
  cache,
  isDryRun,
  name,
  req,
}: WriteArgs & { name: string; req: PayloadRequest }): Promise<{ id?: Id; match: AuthorMatch['match']; warning?: string }> {
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
  if (isFirstNameOnly) {
    const namesakes = await findByFirstName({ firstNameSlug: slug, req })
    if (namesakes.length === 1) {
      return { id: namesakes[0]!.id, match: 'first-name' }
    }
    const why = namesakes.length
      ? `${namesakes.length} authors have that first name (${namesakes.map((author) => author.name).join(', ')})`
      : 'no author has that first name'
    const warning = `byline "${name}" is a first name only and ${why}: ${isDryRun ? 'would create' : 'created'} an author flagged for review`
    if (isDryRun) {
      return { match: 'new-for-review', warning }
    }
    const author = await req.payload.create({
      collection: 'authors',
      data: { name, needsReview: true, slug },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { id: author.id, match: 'new-for-review', warning }
  }
  if (isDryRun) {
    return { match: 'new' }
  }
  const author = await req.payload.create({
    collection: 'authors',
    data: { name, slug },
    depth: 0,
    overrideAccess: true,
    req,
  })
  return { id: author.id, match: 'new' }
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

async function resolveTag({ cache, isDryRun, name, req }: WriteArgs & { name: string; req: PayloadRequest }): Promise<Id | undefined> {
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
  if (isDryRun) {
    return undefined
  }
  const tag = await req.payload.create({ collection: 'tags', data: { name, slug }, depth: 0, overrideAccess: true, req })
  return tag.id
}

import type { Payload, PayloadRequest, Where } from 'payload'

import { existsSync } from 'node:fs'
import path from 'node:path'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import type { SourceDocument, SourceFile } from './document'
import type { ArticleSummary, Candidate, Candidates, Id, ImportAction } from './writer/plan'

import { IMPORT_CONTEXT_KEY } from '../collections/Articles/hooks/trackImportEdits'
import { slugCandidate, toSlug } from '../utilities/slugify'
import { planDocument } from './writer/plan'

export type { ArticleSummary, ImportAction } from './writer/plan'

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
 * What it does is {@link planDocument}'s decision (which article the document is, the overwrite policy); this
 * reads what the decision needs and carries it out. Authors are matched by slug; a lone first name matches the
 * only author with that first name, else a new author is created with `needsReview`.
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
  const input = { candidates: await findCandidates({ document, index: args.index, req, source }), document, importedAt: args.importedAt, isForced, source }
  let plan = planDocument(input)
  if ((plan.action === 'conflict' || plan.action === 'updated') && plan.articleId !== undefined) {
    // About to write over an article: read it again inside the transaction, so an editor's save since the
    // index was read still counts.
    plan = planDocument({ ...input, latest: await reread({ id: plan.articleId, req }) })
  }
  const { byline, readingTime, warnings, wordCount } = plan
  const base = { byline, readingTime, warnings, wordCount }
  if (plan.action === 'conflict') {
    return { ...base, action: 'conflict', authors: [], reason: plan.reason, slug: plan.slug }
  }
  if (plan.action === 'unchanged') {
    return { ...base, action: 'unchanged', authors: [], slug: plan.slug }
  }

  const authors: AuthorMatch[] = []
  const authorIds: Id[] = []
  for (const name of plan.authors) {
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
  for (const name of plan.tags ?? []) {
    const id = await resolveTag({ ...args, name, req })
    if (id !== undefined) {
      tagIds.push(id)
    }
  }
  const wantedSlug = toSlug(document.slug ?? document.title, 'article')
  if (isDryRun) {
    if (plan.action === 'updated') {
      return { ...base, action: 'updated', authors, slug: plan.slug }
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
    ...plan.data,
    authors: authorIds as number[],
    ...(plan.tags === undefined ? {} : { tags: tagIds as number[] }),
  }
  if (plan.action === 'created') {
    const created = await req.payload.create({ collection: 'articles', data, depth: 0, overrideAccess: true, req })
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
    data,
    depth: 0,
    id: plan.articleId,
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

/**
 * The existing articles a document could be (see `planDocument` for which one it is): from `index` when
 * given, else by query (newest versions, drafts and trash included).
 */
async function findCandidates({
  document,
  index,
  req,
  source,
}: {
  document: SourceDocument
  index?: ArticleIndex
  req: PayloadRequest
  source: SourceFile
}): Promise<Candidates> {
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
  const withFile = (article: ArticleSummary | undefined): Candidate | undefined =>
    article && {
      ...article,
      hasSourceFile: Boolean(article.source?.path && existsSync(path.resolve(source.root, article.source.path))),
    }
  const slug = toSlug(document.slug ?? document.title, 'article')
  return {
    sameBytes: withFile(
      index ? index.byHash.get(source.contentHash) : await query({ 'source.contentHash': { equals: source.contentHash } }),
    ),
    samePath: index ? index.byPath.get(source.path) : await query({ 'source.path': { equals: source.path } }),
    sameSlug: withFile(index ? index.bySlug.get(slug) : await query({ slug: { equals: slug } })),
  }
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

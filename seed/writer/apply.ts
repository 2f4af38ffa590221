import type { Payload, PayloadRequest } from 'payload'

import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import type { ContentChange } from '../../src/contentEvents'
import type { SourceDocument, SourceFile } from '../formats/document'
import type { ArticleIndex } from './articleIndex'
import type { LookupCache, NameMatch } from './lookups'
import type { DocumentPlan, Id, ImportAction } from './plan'

import { IMPORT_CONTEXT_KEY } from '../../collections/Articles/hooks/trackImportEdits'
import { announceBatch, COLLECT_CONTENT_CHANGES } from '../../src/contentEvents'
import { slugCandidate, toSlug } from '../../utilities/slugify'
import { readPlan, remember } from './articleIndex'
import { findBySlug, findOrCreateBySlug } from './lookups'

/** How a byline name was resolved to an author. */
export type AuthorMatch = {
  match: NameMatch
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

type RunArgs = {
  /** The run's author and tag look-ups (`createLookupCache`). */
  cache: LookupCache
  /**
   * Where the content changes of committed writes go, for the caller to announce once (see `importDocuments`);
   * without it, each committed transaction announces its own batch.
   */
  changes?: ContentChange[]
  /** The time stamped as `source.importedAt`, ISO 8601; one per run. */
  importedAt: string
  /** The run's known articles (`loadArticleIndex`). */
  index: ArticleIndex
  /** Write even over an article edited in the CMS since its import. */
  isForced?: boolean
  payload: Payload
}

type Item = { document: SourceDocument; source: SourceFile }

/**
 * Writes one document as a published article, its new authors and tags included, in ONE transaction: a
 * failure leaves nothing behind. {@link writeBatch} does the same for several documents at once.
 *
 * What it does is `planDocument`'s decision (which article the document is, the overwrite policy, see
 * `writer/plan.ts`); this reads what the decision needs and carries it out. Authors are matched by slug; a lone
 * first name matches the only author with that first name, else a new author is created with `needsReview`.
 *
 * @param args.document - the parsed document; `args.source` - its path and hash.
 * @param args.payload - an initialised Payload instance; `args.importedAt` - the run's time stamp.
 * @param args.isForced - write over CMS edits; `args.index`, `args.cache` - a run's lookups (see
 *   `loadArticleIndex`, `createLookupCache`).
 * @returns the action, the article's slug, how each author was matched, warnings (such as a stated reading
 *   time that disagrees with the computed one).
 * @throws whatever Payload throws (validation, database), after rolling the transaction back.
 */
export async function writeDocument(args: Item & RunArgs): Promise<WriteResult> {
  const [result] = await writeBatch({ ...args, items: [args] })
  return result
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
export async function writeBatch(args: { items: readonly Item[] } & RunArgs): Promise<WriteResult[]> {
  // The writes' content changes are collected, not announced one by one: they count once committed.
  const collected: ContentChange[] = []
  const req = await createLocalReq(
    { context: { [COLLECT_CONTENT_CHANGES]: collected, [IMPORT_CONTEXT_KEY]: true } },
    args.payload,
  )
  const ownsTransaction = await initTransaction(req)
  try {
    const results: WriteResult[] = []
    for (const item of args.items) {
      const plan = await readPlan({ ...args, ...item, req })
      results.push(await applyPlan({ ...args, plan, req }))
    }
    if (ownsTransaction) {
      await commitTransaction(req)
    }
    if (args.changes) {
      args.changes.push(...collected)
    } else {
      await announceBatch({ changes: collected, payload: args.payload, source: 'import' })
    }
    return results
  } catch (error) {
    if (ownsTransaction) {
      await killTransaction(req)
    }
    throw error
  }
}

/**
 * A dry run of {@link writeDocument}: the same plan, reported as it would be applied, with nothing written.
 * The authors are looked up (not created) and a new article's slug is predicted from the index; the planned
 * article is recorded in the index so later documents of the run see it.
 *
 * @param args - as for {@link writeDocument}.
 * @returns what {@link writeDocument} would return, its warnings worded as what would happen.
 * @throws whatever the database throws.
 */
export async function previewDocument(args: Item & RunArgs): Promise<WriteResult> {
  const req = await createLocalReq({ context: { [IMPORT_CONTEXT_KEY]: true } }, args.payload)
  const plan = await readPlan({ ...args, req })
  if (plan.action === 'conflict' || plan.action === 'unchanged') {
    return settled(plan)
  }
  const authors: AuthorMatch[] = []
  const warnings = [...plan.warnings]
  for (const name of plan.authors) {
    const { match, warning } = await findBySlug({ name, cache: args.cache, collection: 'authors', req })
    authors.push({ name, slug: toSlug(name, 'author'), match })
    if (warning) {
      warnings.push(warning)
    }
  }
  const base = { ...resultBase(plan), authors, warnings }
  if (plan.action === 'updated') {
    return { ...base, slug: plan.slug, action: 'updated' }
  }
  // Predict the slug the slug field would pick, and remember the plan so later documents of the run see it.
  let slug = plan.slug
  for (let attempt = 2; args.index.bySlug.has(slug); attempt += 1) {
    slug = slugCandidate(plan.slug, attempt)
  }
  if (slug !== plan.slug) {
    warnings.push(`the slug ${plan.slug} is taken; would be created as ${slug}`)
  }
  const { source } = args
  remember(args.index, {
    id: `planned:${source.path}`,
    slug,
    source: { contentHash: source.contentHash, path: source.path },
  })
  return { ...base, slug, action: 'created' }
}

function resultBase({ byline, readingTime, warnings, wordCount }: DocumentPlan) {
  return { byline, readingTime, warnings, wordCount }
}

/** The result of a plan that writes nothing. */
function settled(plan: Extract<DocumentPlan, { action: 'conflict' | 'unchanged' }>): WriteResult {
  const result = { ...resultBase(plan), slug: plan.slug, action: plan.action, authors: [] }
  return plan.action === 'conflict' ? { ...result, reason: plan.reason } : result
}

/** Carries a plan out through `req`: its authors and tags found or created, then the article created or updated. */
async function applyPlan({
  cache,
  index,
  plan,
  req,
}: {
  cache: LookupCache
  index: ArticleIndex
  plan: DocumentPlan
  req: PayloadRequest
}): Promise<WriteResult> {
  if (plan.action === 'conflict' || plan.action === 'unchanged') {
    return settled(plan)
  }
  const authors: AuthorMatch[] = []
  const authorIds: Id[] = []
  const warnings = [...plan.warnings]
  for (const name of plan.authors) {
    const { id, match, warning } = await findOrCreateBySlug({ name, cache, collection: 'authors', req })
    authors.push({ name, slug: toSlug(name, 'author'), match })
    authorIds.push(id)
    if (warning) {
      warnings.push(warning)
    }
  }
  const tagIds: Id[] = []
  for (const name of plan.tags ?? []) {
    tagIds.push((await findOrCreateBySlug({ name, cache, collection: 'tags', req })).id)
  }
  // Generated types describe SQLite's numeric ids; MongoDB's string ids pass through unchanged.
  const data = {
    ...plan.data,
    authors: authorIds as number[],
    ...(plan.tags === undefined ? {} : { tags: tagIds as number[] }),
  }
  const base = { ...resultBase(plan), authors, warnings }
  if (plan.action === 'created') {
    const created = await req.payload.create({ collection: 'articles', data, depth: 0, overrideAccess: true, req })
    const slug = created.slug ?? plan.slug
    remember(index, { id: created.id, slug, source: data.source })
    if (slug !== plan.slug) {
      warnings.push(`the slug ${plan.slug} is taken; created as ${slug}`)
    }
    return { ...base, slug, action: 'created' }
  }
  const updated = await req.payload.update({
    id: plan.articleId,
    collection: 'articles',
    data,
    depth: 0,
    overrideAccess: true,
    req,
  })
  remember(index, { id: updated.id, slug: updated.slug, source: data.source })
  if (plan.data.slug !== undefined && updated.slug !== plan.data.slug) {
    warnings.push(`the slug ${plan.data.slug} is taken; the article keeps ${updated.slug}`)
  }
  return { ...base, slug: updated.slug ?? plan.data.slug ?? toSlug(plan.data.title, 'article'), action: 'updated' }
}

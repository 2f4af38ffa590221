import type { Payload, PayloadRequest } from 'payload'

import { existsSync } from 'node:fs'
import path from 'node:path'

import type { SourceDocument, SourceFile } from '../formats/document'
import type { ArticleSummary, Candidate, Candidates, DocumentPlan, Id } from './plan'

import { toSlug } from '../../utilities/slugify'
import { planDocument } from './plan'

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

/** The fields of an article the importer's decisions read. */
const SUMMARY = { slug: true, deletedAt: true, source: true } as const

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
    select: SUMMARY,
    trash: true,
  })
  docs.forEach((article) => remember(index, article))
  return index
}

/**
 * Records an article as it now is, first forgetting the keys its previous state held.
 *
 * @param index - the run's index, changed in place.
 * @param article - the article as written (or, in a dry run, as planned, under an id of its own).
 */
export function remember(index: ArticleIndex, article: ArticleSummary): void {
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

/**
 * Reads what {@link planDocument} needs and returns its plan: the candidate articles (from the run's `index`:
 * newest versions, drafts and trash included), whether their files still exist, and, when the
 * plan would write over an article or refuses to by the overwrite policy, that article read again through
 * `req` (inside the transaction), so an editor's save since the index was read still counts.
 *
 * @param args.document - the parsed document; `args.source` - its path, hash and the root stored paths are relative to.
 * @param args.index - the run's index (`loadArticleIndex`), kept up to date as the run writes.
 * @param args.importedAt - the run's time stamp; `args.isForced` - write over CMS edits.
 * @param args.req - the request (and transaction) to read through.
 * @returns the plan.
 * @throws whatever the database throws.
 */
export async function readPlan({
  document,
  importedAt,
  index,
  isForced,
  req,
  source,
}: {
  document: SourceDocument
  importedAt: string
  index: ArticleIndex
  isForced?: boolean
  req: PayloadRequest
  source: SourceFile
}): Promise<DocumentPlan> {
  const input = {
    candidates: readCandidates({ document, index, source }),
    document,
    importedAt,
    isForced,
    source,
  }
  const plan = planDocument(input)
  if ((plan.action === 'conflict' || plan.action === 'updated') && plan.articleId !== undefined) {
    return planDocument({ ...input, latest: await reread({ id: plan.articleId, req }) })
  }
  return plan
}

function readCandidates({
  document,
  index,
  source,
}: {
  document: SourceDocument
  index: ArticleIndex
  source: SourceFile
}): Candidates {
  const withFile = (article: ArticleSummary | undefined): Candidate | undefined =>
    article && {
      ...article,
      hasSourceFile: Boolean(article.source?.path && existsSync(path.resolve(source.root, article.source.path))),
    }
  return {
    sameBytes: withFile(index.byHash.get(source.contentHash)),
    samePath: index.byPath.get(source.path),
    sameSlug: withFile(index.bySlug.get(toSlug(document.slug ?? document.title, 'article'))),
  }
}

/** The newest version of an article (draft or published), slug and provenance only. */
async function reread({ id, req }: { id: Id; req: PayloadRequest }): Promise<ArticleSummary> {
  return (await req.payload.findByID({
    id,
    collection: 'articles',
    depth: 0,
    draft: true,
    overrideAccess: true,
    req,
    select: SUMMARY,
    trash: true,
  })) as ArticleSummary
}

import type { Article } from '../../src/payload-types'
import type { SourceDocument, SourceFile } from '../formats/document'

import { plainTextOf } from '../../utilities/lexicalText'
import { countWords, readingTimeMinutes } from '../../utilities/readingTime'
import { toSlug } from '../../utilities/slugify'
import { IMPORTER_VERSION } from '../formats/readSource'

/** What an import did (or, in a dry run, would do) to one document. */
export type ImportAction = 'conflict' | 'created' | 'unchanged' | 'updated'

/** A document id: a number on SQLite, a string on MongoDB. */
export type Id = number | string

/** What the importer needs to know of an existing article to decide what to do with a document. */
export type ArticleSummary = {
  /** Set when the article is in the trash. */
  deletedAt?: null | string
  id: Id
  slug?: null | string
  source?: Article['source']
}

/** An existing article that may be the document's, with whether the file it was imported from still exists. */
export type Candidate = {
  /** True when the file at `source.path` (relative to the run's root) still exists. */
  hasSourceFile: boolean
} & ArticleSummary

/**
 * The existing articles a document could be, one per matching rule; each absent when no article matches it.
 * The writer reads them from its article index (see `writer/articleIndex.ts`).
 */
export type Candidates = {
  /** The article imported from a file with the same bytes (the same `source.contentHash`). */
  sameBytes?: Candidate
  /** The article imported from the same path. */
  samePath?: ArticleSummary
  /** The article with the document's slug: the one it states, else its title's. */
  sameSlug?: Candidate
}

/** The fields of an article the source owns, as the importer writes them (author and tag ids are added when applied). */
export type ArticleData = {
  _status: 'published'
  content: SourceDocument['content']
  excerpt: null | string
  publishedAt?: string
  /** Always set on create; on update only when the source states a slug. */
  slug?: string
  source: {
    contentHash: string
    hasEditsSinceImport: false
    importedAt: string
    importerVersion: string
    path: string
  }
  title: string
}

type PlanBase = {
  /** The byline names the source states, in order. */
  byline: string[]
  /** Minutes, by the core rule (`utilities/readingTime`). */
  readingTime: number
  /** The article's slug: the existing article's, else the one the document asks for. */
  slug: string
  /** Problems worth a look so far; applying a plan may add more (new authors, a taken slug). */
  warnings: string[]
  /** Words in the body, by the core rule. */
  wordCount: number
}

/** What to write for a document that gets written. */
type WritePlan = {
  /** Byline names to find or create, repeats (by slug) dropped, first spelling kept. */
  authors: string[]
  data: ArticleData
  /** Tag names to find or create, repeats dropped; absent when the source states no tags (they are left alone). */
  tags?: string[]
} & PlanBase

/** The decision for one document, as {@link planDocument} takes it. */
export type DocumentPlan =
  | ({
      action: 'conflict'
      /** For a conflict of the overwrite policy: the article it refused to write over. */
      articleId?: Id
      /** Why nothing is written. */
      reason: string
    } & PlanBase)
  | ({ action: 'created' } & WritePlan)
  | ({ action: 'unchanged' } & PlanBase)
  | ({
      action: 'updated'
      /** The article written over. */
      articleId: Id
    } & WritePlan)

/** Where a document goes, as the matching rules decide. */
type Target = {
  /** Nothing may be written, even with --force, for this reason. */
  conflict?: string
  existing?: ArticleSummary
  /** Worth a warning. */
  note?: string
}

/**
 * The article a document maps to, if any. In order:
 * 1. the article imported from the same path;
 * 2. the article imported from a file with the same bytes: that file moved or renamed (when the old path is
 *    gone), or copied (when it is still there); either way there is nothing to write;
 * 3. the article with the document's slug (the one its front matter states, else its title's): taken over
 *    when it was written in the CMS (the policy then makes that a conflict) or when its source file no longer
 *    exists (moved, renamed, edited: the stored path follows); when its source file still exists, or the
 *    article is in the trash, it is not this document's: a title's slug gets a new article (`-2`), a slug the
 *    front matter insists on is a conflict.
 */
function findTarget({ candidates, document }: { candidates: Candidates; document: SourceDocument }): Target {
  const { sameBytes, samePath, sameSlug } = candidates
  if (samePath) {
    return { existing: samePath }
  }
  if (sameBytes?.source?.path) {
    return sameBytes.hasSourceFile
      ? { existing: sameBytes, note: `same bytes as ${sameBytes.source.path}, already imported as ${sameBytes.slug}` }
      : {
          existing: sameBytes,
          note: `moved from ${sameBytes.source.path} (the stored path follows when the file next changes)`,
        }
  }
  const slug = toSlug(document.slug ?? document.title, 'article')
  if (sameSlug?.deletedAt) {
    const taken = `the slug ${slug} belongs to an article in the CMS trash`
    return document.slug === undefined ? { note: taken } : { conflict: taken }
  }
  const owner = sameSlug?.source?.path
  if (!sameSlug || !owner) {
    return { existing: sameSlug }
  }
  if (!sameSlug.hasSourceFile) {
    return { existing: sameSlug, note: `takes over the article imported from ${owner}, a file that no longer exists` }
  }
  if (document.slug !== undefined) {
    return { conflict: `the slug ${slug} belongs to the article imported from ${owner}` }
  }
  return { note: `the title's slug ${slug} belongs to the article imported from ${owner}` }
}

/** Names without repeats, compared by slug (case and accents folded); the first spelling of each is kept. */
function uniqueBySlug(names: readonly string[], prefix: string): string[] {
  const seen = new Set<string>()
  return names.filter((name) => {
    const slug = toSlug(name, prefix)
    return !seen.has(slug) && Boolean(seen.add(slug))
  })
}

/**
 * Decides what importing one document does, touching neither the database nor the file system.
 *
 * Which article a document is: see `findTarget` above (same path; same bytes, moved or copied; the slug it
 * states or its title's, unless another existing file or the trash owns that article).
 *
 * Overwrite policy: the table in docs/importing.md, one test per row in tests/unit/planDocument.unit.spec.ts
 * (why: a re-run must be free, and an import must never clobber an editor's work).
 *
 * @param args.document - the parsed document; `args.source` - its stored path and hash (`root` is not read).
 * @param args.candidates - the existing articles matching its path, its bytes and its slug.
 * @param args.latest - the matched article as read again just before writing; when given, the overwrite
 *   policy judges it instead of the candidate (an editor's save since the candidates were read still counts).
 * @param args.importedAt - the run's time stamp, ISO 8601, stored as `source.importedAt`.
 * @param args.isForced - write over CMS edits (never over the trash or another file's article).
 * @returns the plan: `conflict` with its reason, `unchanged`, or `created`/`updated` with the data to write and
 *   the author and tag names to resolve; warnings so far (the document's own, a stated reading time that
 *   disagrees with the computed one, how the document was matched). A plan with `articleId` and no `latest`
 *   given should be made again with `latest`.
 */
export function planDocument({
  candidates,
  document,
  importedAt,
  isForced = false,
  latest,
  source,
}: {
  candidates: Candidates
  document: SourceDocument
  importedAt: string
  isForced?: boolean
  latest?: ArticleSummary
  source: Pick<SourceFile, 'contentHash' | 'path'>
}): DocumentPlan {
  const warnings: string[] = [...(document.warnings ?? [])]
  // The same rule as the `computeReadingTime` hook, so the report says what the article will store.
  const wordCount = countWords(plainTextOf(document.content))
  const readingTime = readingTimeMinutes(wordCount)
  if (document.statedReadingTime !== undefined && document.statedReadingTime !== readingTime) {
    warnings.push(
      `the byline states ${document.statedReadingTime} min read; the text reads in ${readingTime} min (stored)`,
    )
  }
  const base = { byline: document.authors, readingTime, warnings, wordCount }

  const target = findTarget({ candidates, document })
  if (target.note) {
    warnings.push(target.note)
  }
  const wantedSlug = toSlug(document.slug ?? document.title, 'article')
  if (target.existing?.deletedAt) {
    // Not even --force: a story an editor took down comes back only when an editor restores it.
    const reason =
      'the article is in the CMS trash; to import it again, restore it there and run with --force (restoring counts as an edit)'
    return { ...base, slug: target.existing.slug ?? wantedSlug, action: 'conflict', reason }
  }
  if (target.conflict) {
    // Not even --force: writing would take another file's article (and the two would take turns on every run).
    return { ...base, slug: wantedSlug, action: 'conflict', reason: target.conflict }
  }
  // Same bytes (moved files included) → nothing to write. A moved file's stored path follows it when the file
  // next changes (see findTarget, step 2), so a move never rewrites an article, even with --force.
  if (target.existing && target.existing.source?.contentHash === source.contentHash) {
    // The reading-time warning was given when the document was written; only where it maps to is news.
    const warnings = target.note ? [target.note] : []
    return { ...base, slug: target.existing.slug ?? wantedSlug, action: 'unchanged', warnings }
  }
  const existing = target.existing && (latest ?? target.existing)
  if (existing && !isForced) {
    const reason = !existing.source?.contentHash
      ? 'an article written in the CMS already has this slug'
      : existing.source.hasEditsSinceImport
        ? 'the article was edited in the CMS since its last import'
        : undefined
    if (reason) {
      return {
        ...base,
        slug: existing.slug ?? wantedSlug,
        action: 'conflict',
        articleId: existing.id,
        reason: `${reason}; --force overwrites it`,
      }
    }
  }

  const data: ArticleData = {
    _status: 'published',
    content: document.content,
    excerpt: document.excerpt ?? null,
    source: {
      contentHash: source.contentHash,
      hasEditsSinceImport: false,
      importedAt,
      importerVersion: IMPORTER_VERSION,
      path: source.path,
    },
    title: document.title,
    ...(document.publishedAt === undefined ? {} : { publishedAt: document.publishedAt }),
  }
  const names = {
    // The same name twice ("Ana Li" and "ana li") is one byline; the first spelling wins.
    authors: uniqueBySlug(document.authors, 'author'),
    ...(document.tags === undefined ? {} : { tags: uniqueBySlug(document.tags, 'tag') }),
  }
  if (!existing) {
    return { ...base, ...names, slug: wantedSlug, action: 'created', data: { ...data, slug: wantedSlug } }
  }
  return {
    ...base,
    ...names,
    slug: existing.slug ?? wantedSlug,
    action: 'updated',
    articleId: existing.id,
    data: document.slug === undefined ? data : { ...data, slug: wantedSlug },
  }
}

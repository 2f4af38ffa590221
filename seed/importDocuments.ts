import type { Payload } from 'payload'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'

import type { ContentChange } from '../src/contentEvents'
import type { SourceDocument, SourceFile } from './formats/document'
import type { AuthorMatch, WriteResult } from './writer/apply'
import type { ImportAction } from './writer/plan'

import { announceBatch } from '../src/contentEvents'
import { DocumentParseError } from './formats/parse'
import { provenancePath, readSource } from './formats/readSource'
import { previewDocument, writeBatch, writeDocument } from './writer/apply'
import { loadArticleIndex } from './writer/articleIndex'
import { createLookupCache } from './writer/lookups'

/** The outcome for one source file, as printed and as written to `--report`. */
export type DocumentReport = {
  action: 'failed' | ImportAction
  authors?: AuthorMatch[]
  byline?: string[]
  /** For `failed`: what went wrong. */
  error?: string
  /** The file, as stored in provenance. */
  file: string
  /** For a parse error: the 1-based line it points at. */
  line?: number
  readingTime?: number
  /** For `conflict`: why nothing was written. */
  reason?: string
  slug?: string
  title?: string
  warnings: string[]
  wordCount?: number
}

export type ImportOptions = {
  /** Absolute paths, from `listDocuments`. */
  files: readonly string[]
  isDryRun?: boolean
  isForced?: boolean
  /** Called after each document, in order. */
  onDocument?: (report: DocumentReport, index: number) => void
  payload: Payload
}

/**
 * Documents per transaction. A batch holds the process's write queue while it runs, so editors' saves wait for
 * it: at about 8 ms per new article (bench/import.ts), 50 documents hold it for about half a second. Other sizes
 * were not measured; the gain over one transaction per document was (17.8 s → 11.6 s for 1,000 articles).
 */
export const BATCH_SIZE = 50

/**
 * Imports documents in order. Each document is atomic: batches of {@link BATCH_SIZE} share a transaction,
 * and when a write fails the batch is rolled back and its documents are written again one per transaction,
 * so the failing document is reported (file, line for parse errors, message) with nothing of it left
 * behind, and the others still go in.
 *
 * @param options.files - absolute paths of documents (.txt, .md, .html).
 * @param options.isDryRun - plan only: each report says what would happen; nothing is written.
 * @param options.isForced - overwrite articles edited in the CMS since their import (else `conflict`).
 * @param options.payload - an initialised Payload instance.
 * @param options.onDocument - called once per document, in input order, as its outcome is final.
 * @returns one report per file, in input order.
 * @throws a database error that is not one document's (the article index cannot be read, the connection is
 *   lost); documents reported through `onDocument` before it are committed.
 */
export async function importDocuments({
  files,
  isDryRun = false,
  isForced = false,
  onDocument,
  payload,
}: ImportOptions): Promise<DocumentReport[]> {
  const editorConfig = await editorConfigFactory.default({ config: payload.config })
  const cache = createLookupCache()
  const importedAt = new Date().toISOString()
  const cwd = process.cwd()
  const reports: DocumentReport[] = []
  // One content event for the run: what its committed transactions changed, announced when it ends.
  const changes: ContentChange[] = []
  const common = { cache, changes, importedAt, index: await loadArticleIndex(payload), isForced, payload }
  const failed = (file: string, error: unknown): DocumentReport => ({
    action: 'failed',
    error: error instanceof Error ? error.message : String(error),
    file: provenancePath(file, cwd),
    warnings: [],
    ...(error instanceof DocumentParseError ? { line: error.line } : {}),
  })
  const succeeded = (item: { document: SourceDocument; source: SourceFile }, result: WriteResult): DocumentReport => ({
    file: item.source.path,
    title: item.document.title,
    ...result,
  })

  try {
    for (let start = 0; start < files.length; start += BATCH_SIZE) {
      const batch = files.slice(start, start + BATCH_SIZE)
      const outcomes: Array<DocumentReport | undefined> = []
      const items: Array<{ document: SourceDocument; file: string; position: number; source: SourceFile }> = []
      for (const [position, file] of batch.entries()) {
        try {
          items.push({ ...(await readSource({ cwd, editorConfig, file })), file, position })
        } catch (error) {
          outcomes[position] = failed(file, error)
        }
      }
      if (isDryRun) {
        // Plan, don't apply.
        for (const item of items) {
          outcomes[item.position] = succeeded(item, await previewDocument({ ...common, ...item }))
        }
      } else {
        try {
          const results = await writeBatch({ ...common, items })
          items.forEach((item, index) => (outcomes[item.position] = succeeded(item, results[index])))
        } catch {
          // Ids learnt inside the rolled-back transaction may name rows that no longer exist.
          cache.authors.clear()
          cache.tags.clear()
          common.index = await loadArticleIndex(payload)
          for (const item of items) {
            try {
              outcomes[item.position] = succeeded(item, await writeDocument({ ...common, ...item }))
            } catch (error) {
              cache.authors.clear()
              cache.tags.clear()
              common.index = await loadArticleIndex(payload)
              outcomes[item.position] = failed(item.file, error)
            }
          }
        }
      }
      for (const outcome of outcomes) {
        reports.push(outcome!)
        onDocument?.(outcome!, reports.length - 1)
      }
    }
  } finally {
    // Also when the run stops midway: what was committed has changed.
    await announceBatch({ changes, payload, source: 'import' })
  }
  return reports
}

/**
 * One line per document for the operator's terminal: `action  file[:line]  slug, reason or error`, then one
 * indented line per warning.
 *
 * @param report - one entry from {@link importDocuments}.
 * @param options.isDetailed - add the parsed title, byline, word count and reading time (dry runs).
 * @returns the lines, joined with "\n", without a trailing newline.
 */
export function formatReport(report: DocumentReport, { isDetailed = false }: { isDetailed?: boolean } = {}): string {
  const where = report.line ? `${report.file}:${report.line}` : report.file
  const detail =
    report.action === 'failed'
      ? report.error
      : report.action === 'conflict'
        ? `${report.slug}  (not written: ${report.reason})`
        : report.slug
  const lines = [`${report.action.padEnd(9)}  ${where}  ${detail}`]
  if (isDetailed && report.action !== 'failed') {
    const byline = report.byline?.length ? `by ${report.byline.join(', ')}` : 'no byline'
    lines.push(`           “${report.title}” · ${byline} · ${report.wordCount} words · ${report.readingTime} min read`)
  }
  return [...lines, ...report.warnings.map((warning) => `           warning: ${warning}`)].join('\n')
}

/**
 * Counts per action, in a fixed order, for the summary line and the JSON report.
 *
 * @param reports - from {@link importDocuments}.
 * @returns documents per action, and the number of warnings over all documents.
 */
export function summarise(
  reports: readonly DocumentReport[],
): Record<'conflict' | 'created' | 'failed' | 'unchanged' | 'updated' | 'warnings', number> {
  const count = (action: string) => reports.filter((report) => report.action === action).length
  return {
    conflict: count('conflict'),
    created: count('created'),
    failed: count('failed'),
    unchanged: count('unchanged'),
    updated: count('updated'),
    warnings: reports.reduce((total, report) => total + report.warnings.length, 0),
  }
}

import type { Payload } from 'payload'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'

import type { AuthorMatch, ImportAction } from './writer'

import { DocumentParseError } from './parse'
import { provenancePath, readSource } from './readSource'
import { createLookupCache, writeDocument } from './writer'

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
 * Imports documents one by one, each in its own transaction. A document that cannot be read, parsed or
 * written is reported (file, line for parse errors, message) and the run goes on with the next one.
 *
 * @param options.files - absolute paths of documents (.txt, .md, .html).
 * @param options.isDryRun - plan only: each report says what would happen; nothing is written.
 * @param options.isForced - overwrite articles edited in the CMS since their import (else `conflict`).
 * @param options.payload - an initialised Payload instance.
 * @returns one report per file, in input order.
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
  for (const [index, file] of files.entries()) {
    let report: DocumentReport
    try {
      const { document, source } = await readSource({ cwd, editorConfig, file })
      const result = await writeDocument({ cache, document, importedAt, isDryRun, isForced, payload, source })
      report = { file: source.path, title: document.title, ...result }
    } catch (error) {
      // Ids learnt inside a rolled-back transaction may name rows that no longer exist.
      cache.authors.clear()
      cache.tags.clear()
      report = {
        action: 'failed',
        error: error instanceof Error ? error.message : String(error),
        file: provenancePath(file, cwd),
        warnings: [],
        ...(error instanceof DocumentParseError ? { line: error.line } : {}),
      }
    }
    reports.push(report)
    onDocument?.(report, index)
  }
  return reports
}

/**
 * One line per document for the operator's terminal: `action  file[:line]  slug, reason or error`, then one
 * indented line per warning.
 *
 * @param report - one entry from {@link importDocuments}.
 */
export function formatReport(report: DocumentReport, { isDetailed = false }: { isDetailed?: boolean } = {}): string {
  const where = report.line ? `${report.file}:${report.line}` : report.file
  const detail =
    report.action === 'failed' ? report.error : report.action === 'conflict' ? `${report.slug}  (not written: ${report.reason})` : report.slug
  const lines = [`${report.action.padEnd(9)}  ${where}  ${detail}`]
  if (isDetailed && report.action !== 'failed') {
    const byline = report.byline?.length ? `by ${report.byline.join(', ')}` : 'no byline'
    lines.push(`           “${report.title}” · ${byline} · ${report.wordCount} words · ${report.readingTime} min read`)
  }
  return [...lines, ...report.warnings.map((warning) => `           warning: ${warning}`)].join('\n')
}

/** Counts per action, in a fixed order, for the summary line and the JSON report. */
export function summarise(reports: readonly DocumentReport[]): Record<'conflict' | 'created' | 'failed' | 'unchanged' | 'updated' | 'warnings', number> {
  const count = (action: string) => reports.filter((report) => report.action === action).length
  return {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    conflict: count('conflict'),
    failed: count('failed'),
    warnings: reports.reduce((total, report) => total + report.warnings.length, 0),
  }
}

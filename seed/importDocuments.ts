import type { Payload } from 'payload'

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import type { ImportAction } from './writer'

import { DocumentParseError, parseDocument } from './parse'
import { writeDocument } from './writer'

/** The outcome for one source file. */
export type DocumentReport =
  | { action: ImportAction; file: string; slug: string }
  | { action: 'failed'; error: string; file: string; line?: number }

/**
 * Lists the `.txt` documents of a folder, sorted by name so runs are reproducible.
 *
 * @param directory - a folder path.
 * @returns absolute file paths.
 * @throws the file-system error when the folder cannot be read.
 */
export async function listDocuments(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.txt'))
    .map((entry) => path.resolve(directory, entry.name))
    .sort()
}

/**
 * Imports documents one by one. A document that cannot be read, parsed or written is reported with its
 * path (and line, for parse errors) and the others still go in; each written document is its own transaction.
 *
 * @param args.files - paths of plain-text documents.
 * @param args.payload - an initialised Payload instance.
 * @returns one report per file, in input order.
 */
export async function importDocuments({
  files,
  payload,
}: {
  files: readonly string[]
  payload: Payload
}): Promise<DocumentReport[]> {
  const reports: DocumentReport[] = []
  for (const file of files) {
    try {
      const document = parseDocument(await readFile(file, 'utf8'))
      const { action, slug } = await writeDocument({ document, payload })
      reports.push({ action, file, slug })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      reports.push(
        error instanceof DocumentParseError
          ? { action: 'failed', error: message, file, line: error.line }
          : { action: 'failed', error: message, file },
      )
    }
  }
  return reports
}

/**
 * One line per document, `action  file[:line]  slug-or-error`, for the operator's terminal.
 *
 * @param report - one entry from {@link importDocuments}.
 */
export function formatReport(report: DocumentReport): string {
  const where = path.relative(process.cwd(), report.file)
  if (report.action === 'failed') {
    return `failed     ${where}${report.line ? `:${report.line}` : ''}  ${report.error}`
  }
  return `${report.action.padEnd(10)} ${where}  ${report.slug}`
}

import type { Payload } from 'payload'

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import type { ImportAction } from './writer'

import { decodeUtf8, DocumentParseError, parseDocument } from './parse'
import { writeDocument } from './writer'

/** The outcome for one source file. */
export type DocumentReport =
  | { action: ImportAction; file: string; slug: string }
  | { action: 'failed'; error: string; file: string; line?: number }

/** The input folder is missing, unreadable or holds no document: nothing can be imported. */
export class ImportInputError extends Error {
  override name = 'ImportInputError'
}

/**
 * Lists the `.txt` documents of a folder, sorted by name so runs are reproducible.
 *
 * @param directory - a folder path.
 * @returns absolute file paths, at least one.
 * @throws ImportInputError when the folder cannot be read or holds no `.txt` file, with the folder's path.
 */
export async function listDocuments(directory: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(directory, { withFileTypes: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ImportInputError(`cannot read the folder ${directory} (${code ?? String(error)})`)
  }
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.txt'))
    .map((entry) => path.resolve(directory, entry.name))
    .sort()
  if (files.length === 0) {
    throw new ImportInputError(`no .txt document in ${directory}`)
  }
  return files
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
      const document = parseDocument(decodeUtf8(await readFile(file)))
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
  const note = report.action === 'conflict' ? '  (not written: an editor has a newer unpublished draft)' : ''
  return `${report.action.padEnd(10)} ${where}  ${report.slug}${note}`
}

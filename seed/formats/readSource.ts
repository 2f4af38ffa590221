import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'

import type { SourceDocument, SourceFile } from './document'

import { firstControlCharacter } from '../../utilities/controlCharacters'
import { parseHtmlDocument } from './htmlDocument'
import { paragraphsToLexical } from './lexical'
import { parseMarkdownDocument } from './markdownDocument'
import { decodeUtf8, DocumentParseError, parseDocument } from './parse'

/**
 * The version of the importer's reading rules, stored on every imported article. Raise it when a change to
 * the parsers would read the same file differently, so articles can be traced to the rules that made them.
 */
export const IMPORTER_VERSION = '1.2.0'

/** File name endings the importer reads, and the format each stands for. */
export const FORMATS = {
  '.htm': 'html',
  '.html': 'html',
  '.markdown': 'markdown',
  '.md': 'markdown',
  '.txt': 'text',
} as const

type Format = (typeof FORMATS)[keyof typeof FORMATS]

/** A path given to the importer cannot be used: missing, unreadable, of an unknown type, or holding no document. */
export class ImportInputError extends Error {
  override name = 'ImportInputError'
}

function formatOf(file: string): Format | undefined {
  return FORMATS[path.extname(file).toLowerCase() as keyof typeof FORMATS]
}

/**
 * Expands the paths an operator gave into the documents to import: files as given, folders searched
 * recursively for the endings in {@link FORMATS} (hidden files and folders skipped; a symbolic link to a file
 * counts as that file, links to folders are not followed). Sorted and de-duplicated, so runs are reproducible.
 *
 * @param paths - files and folders, relative to the working directory or absolute.
 * @param options.onSkip - told about each file inside a folder that is not imported (another type, or a link to
 *   a folder), with the reason, so nothing is left out unannounced.
 * @returns absolute file paths, at least one.
 * @throws ImportInputError naming the path: missing or unreadable, a file of another type, or no document at all.
 */
export async function listDocuments(
  paths: readonly string[],
  { onSkip }: { onSkip?: (file: string, reason: string) => void } = {},
): Promise<string[]> {
  if (paths.length === 0) {
    throw new ImportInputError('no path given: name the files or folders to import')
  }
  const found = new Set<string>()
  for (const given of paths) {
    const absolute = path.resolve(given)
    let stats
    try {
      stats = await stat(absolute)
    } catch (error) {
      throw new ImportInputError(`cannot read ${given} (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    }
    if (stats.isDirectory()) {
      for (const file of await listFolder(absolute, onSkip)) {
        found.add(file)
      }
    } else if (formatOf(absolute)) {
      found.add(absolute)
    } else {
      throw new ImportInputError(
        `${given}: not a document type the importer reads (${Object.keys(FORMATS).join(', ')})`,
      )
    }
  }
  if (found.size === 0) {
    throw new ImportInputError(`no document (${Object.keys(FORMATS).join(', ')}) in ${paths.join(', ')}`)
  }
  return [...found].sort()
}

async function listFolder(folder: string, onSkip?: (file: string, reason: string) => void): Promise<string[]> {
  let entries
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true })
  } catch (error) {
    throw new ImportInputError(
      `cannot read the folder ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    )
  }
  const files: string[] = []
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name)
    if (
      path
        .relative(folder, file)
        .split(path.sep)
        .some((part) => part.startsWith('.')) ||
      entry.isDirectory()
    ) {
      continue
    }
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(file).catch(() => undefined))?.isFile())
    if (!isFile) {
      onSkip?.(file, entry.isSymbolicLink() ? 'a link to a folder or to nothing' : 'not a regular file')
    } else if (!formatOf(file)) {
      onSkip?.(file, `not a document type the importer reads (${Object.keys(FORMATS).join(', ')})`)
    } else {
      files.push(file)
    }
  }
  return files
}

/**
 * The path stored as an article's provenance: relative to `cwd` with `/` separators, so the same archive
 * imported from the project folder (where npm runs scripts) maps to the same articles on every machine;
 * absolute when the file lies outside `cwd`.
 *
 * @param file - an absolute path.
 * @param cwd - the working directory, absolute.
 * @returns the path to store.
 */
export function provenancePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? file.split(path.sep).join('/')
    : relative.split(path.sep).join('/')
}

/**
 * Reads and parses one document, choosing the parser by the file's ending.
 *
 * @param args.file - an absolute path with an ending from {@link FORMATS}.
 * @param args.cwd - the working directory, for the stored path.
 * @param args.editorConfig - the server editor config of the article's `content` field.
 * @returns the parsed document and its provenance (path and SHA-256 of the bytes).
 * @throws DocumentParseError (with a line) for invalid UTF-8 or content the format's parser refuses; a
 *   filesystem error when the file cannot be read.
 */
export async function readSource({
  cwd,
  editorConfig,
  file,
}: {
  cwd: string
  editorConfig: SanitizedServerEditorConfig
  file: string
}): Promise<{ document: SourceDocument; source: SourceFile }> {
  const bytes = await readFile(file)
  const source: SourceFile = {
    contentHash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    path: provenancePath(file, cwd),
    root: cwd,
  }
  const text = decodeUtf8(bytes)
  refuseControlCharacters(text)
  return { document: parseText({ editorConfig, format: formatOf(file) ?? 'text', text }), source }
}

/**
 * Refuses text holding control characters ({@link firstControlCharacter}): they mean a binary file or a broken
 * export, and would be published invisibly (in the body and the excerpt).
 *
 * @throws DocumentParseError naming the line and the character.
 */
function refuseControlCharacters(text: string): void {
  const found = firstControlCharacter(text)
  if (found) {
    const line = text.slice(0, found.index).split(/\r\n|\r|\n/u).length
    throw new DocumentParseError(
      `control character ${found.code} in the text (a binary file, or a broken export?)`,
      line,
    )
  }
}

/**
 * Parses decoded text in a given format.
 *
 * @param args.format - `text`, `markdown` or `html`.
 * @returns the document in the common shape.
 * @throws DocumentParseError as the format's parser does.
 */
function parseText({
  editorConfig,
  format,
  text,
}: {
  editorConfig: SanitizedServerEditorConfig
  format: Format
  text: string
}): SourceDocument {
  if (format === 'markdown') {
    return parseMarkdownDocument({ editorConfig, text })
  }
  if (format === 'html') {
    return parseHtmlDocument({ editorConfig, text })
  }
  const parsed = parseDocument(text)
  const document: SourceDocument = {
    authors: parsed.authors,
    content: paragraphsToLexical(parsed.paragraphs),
    title: parsed.title,
  }
  if (parsed.statedReadingTime !== undefined) {
    document.statedReadingTime = parsed.statedReadingTime
  }
  if (parsed.warnings) {
    document.warnings = parsed.warnings
  }
  return document
}

import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { isMap, isScalar, isSeq, LineCounter, parseDocument as parseYaml } from 'yaml'

import type { SourceDocument } from './document'

import { normaliseDateOnly } from '../fields/publishedAt'
import { removeUnsafeLinks } from './links'
import { markdownToContent } from './markdown'
import { DocumentParseError, splitNames } from './parse'

/** The front matter keys the importer reads; any other key is refused rather than silently dropped. */
export const FRONT_MATTER_KEYS = ['title', 'slug', 'authors', 'publishedAt', 'tags', 'excerpt'] as const
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number]

const FENCE = /^---[ \t]*$/u
const FENCE_END = /^(?:---|\.\.\.)[ \t]*$/u

/**
 * Parses a Markdown news document: optional YAML front matter between `---` lines (keys
 * {@link FRONT_MATTER_KEYS}), then the body. Without a `title` key, the first `# Heading` of the body is the
 * title and is removed from the body.
 *
 * @param args.text - the file as decoded text (BOM, CRLF and NFD accepted; stored NFC).
 * @param args.editorConfig - the server editor config of the article's `content` field.
 * @returns the document; `authors` may be a list or a byline-style string (`A and B`).
 * @throws DocumentParseError naming the 1-based line: unclosed front matter, invalid YAML, an unknown key or a
 *   value of the wrong type, an impossible date, no title, or an empty body.
 */
export function parseMarkdownDocument({
  editorConfig,
  text,
}: {
  editorConfig: SanitizedServerEditorConfig
  text: string
}): SourceDocument {
  const lines = text.replace(/^\uFEFF/u, '').normalize('NFC').split(/\r\n|\r|\n/u)
  let bodyStart = 0
  let fields: Partial<Record<FrontMatterKey, unknown>> = {}
  let keyLines: Partial<Record<FrontMatterKey, number>> = {}
  if (FENCE.test(lines[0] ?? '')) {
    const end = lines.findIndex((line, index) => index > 0 && FENCE_END.test(line))
    if (end === -1) {
      throw new DocumentParseError('front matter is not closed: add a line "---" after it', 1)
    }
    ;({ fields, keyLines } = readFrontMatter(lines.slice(1, end).join('\n'), 2))
    bodyStart = end + 1
  }

  const document: SourceDocument = { authors: [], content: undefined as never, title: '' }
  let bodyLines = lines.slice(bodyStart)
  const title = fields.title
  if (title === undefined) {
    const first = bodyLines.findIndex((line) => line.trim() !== '')
    // A closing run of # counts only after a space (CommonMark 0.31 §4.2): "C#" keeps its #.
    const heading = first === -1 ? undefined : /^#\s+(.+?)(?:\s+#+)?\s*$/u.exec(bodyLines[first]!)
    if (!heading) {
      throw new DocumentParseError('no title: add "title:" to the front matter or start the body with "# Title"', bodyStart + 1)
    }
    document.title = heading[1]!
    bodyLines = bodyLines.slice(first + 1)
  } else {
    document.title = expectString('title', title, keyLines)
  }
  if (fields.slug !== undefined) {
    document.slug = expectString('slug', fields.slug, keyLines)
  }
  if (fields.excerpt !== undefined) {
    document.excerpt = expectString('excerpt', fields.excerpt, keyLines)
  }
  if (fields.authors !== undefined) {
    document.authors = expectNames('authors', fields.authors, keyLines)
  }
  if (fields.tags !== undefined) {
    document.tags = expectNames('tags', fields.tags, keyLines)
  }
  if (fields.publishedAt !== undefined) {
    document.publishedAt = expectDate('publishedAt', fields.publishedAt, keyLines)
  }

  const markdown = bodyLines.join('\n').trim()
  if (!markdown) {
    throw new DocumentParseError('empty body: no text after the front matter and title', lines.length)
  }
  document.content = markdownToContent({ editorConfig, markdown })
  const removed = removeUnsafeLinks(document.content)
  if (removed.length) {
    document.warnings = removed
  }
  return document
}

function readFrontMatter(
  yaml: string,
  firstLine: number,
): { fields: Partial<Record<FrontMatterKey, unknown>>; keyLines: Partial<Record<FrontMatterKey, number>> } {
  const lineCounter = new LineCounter()
  const parsed = parseYaml(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineAt = (offset: number | undefined) => firstLine - 1 + (offset === undefined ? 1 : lineCounter.linePos(offset).line)
  const error = parsed.errors[0]
  if (error) {
    throw new DocumentParseError(`front matter is not valid YAML: ${error.message.split('\n')[0]}`, lineAt(error.pos[0]))
  }
  const fields: Partial<Record<FrontMatterKey, unknown>> = {}
  const keyLines: Partial<Record<FrontMatterKey, number>> = {}
  if (parsed.contents === null) {
    return { fields, keyLines }
  }
  if (!isMap(parsed.contents)) {
    throw new DocumentParseError('front matter must be "key: value" lines', firstLine)
  }
  for (const pair of parsed.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const line = lineAt(isScalar(pair.key) ? pair.key.range?.[0] : undefined)
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new DocumentParseError(
        `front matter: unknown field "${key}" (known: ${FRONT_MATTER_KEYS.join(', ')}); nothing is dropped silently`,
        line,
      )
    }
    fields[key as FrontMatterKey] = isSeq(pair.value) || isScalar(pair.value) ? pair.value.toJSON() : pair.value
    keyLines[key as FrontMatterKey] = line
  }
  return { fields, keyLines }
}

function expectString(key: FrontMatterKey, value: unknown, lines: Partial<Record<FrontMatterKey, number>>): string {
  if (typeof value === 'string' && value.trim() !== '') {
    return value.trim()
  }
  if (typeof value === 'number') {
    return String(value)
  }
  throw new DocumentParseError(`front matter: "${key}" must be non-empty text`, lines[key] ?? 1)
}

function expectNames(key: FrontMatterKey, value: unknown, lines: Partial<Record<FrontMatterKey, number>>): string[] {
  if (typeof value === 'string') {
    return splitNames(value)
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    return value.map((item: string) => item.trim())
  }
  throw new DocumentParseError(`front matter: "${key}" must be a list of names or one line of names`, lines[key] ?? 1)
}

function expectDate(key: FrontMatterKey, value: unknown, lines: Partial<Record<FrontMatterKey, number>>): string {
  const line = lines[key] ?? 1
  if (typeof value !== 'string') {
    throw new DocumentParseError(`front matter: "${key}" must be a date such as 2026-11-29 or 2026-11-29T08:30:00Z`, line)
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/u.test(value) && !/(?:Z|[+-]\d{2}:?\d{2})$/iu.test(value.trim())) {
    throw new DocumentParseError(
      `front matter: "${key}" has a time but no time zone (${value}); add Z for UTC or an offset such as +01:00`,
      line,
    )
  }
  let normalised: unknown
  try {
    normalised = normaliseDateOnly(value)
  } catch (error) {
    throw new DocumentParseError(`front matter: ${(error as Error).message}`, line)
  }
  const date = new Date(normalised as string)
  if (Number.isNaN(date.getTime())) {
    throw new DocumentParseError(`front matter: "${key}" is not a date: ${value}`, line)
  }
  return date.toISOString()
}

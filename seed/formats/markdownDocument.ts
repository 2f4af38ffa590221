import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { isMap, isScalar, isSeq, LineCounter, parseDocument as parseYaml } from 'yaml'

import type { SourceDocument } from './document'

import { lineOfLinks, removeUnsafeLinks } from './links'
import { markdownToContent, unescapeMarkdown } from './markdown'
import { DocumentParseError, headlineKey, splitNames } from './parse'
import { parseStatedDate } from './statedDate'

/** An ATX level-1 heading; a closing run of # counts only after a space (CommonMark 0.31 §4.2): "C#" keeps its #. */
const H1 = /^#\s+(.+?)(?:\s+#+)?\s*$/u

/** The front matter keys the importer reads; any other key is refused rather than silently dropped. */
export const FRONT_MATTER_KEYS = ['title', 'slug', 'authors', 'publishedAt', 'tags', 'excerpt'] as const
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number]

const FENCE = /^---[ \t]*$/u
const FENCE_END = /^(?:---|\.\.\.)[ \t]*$/u

/**
 * Parses a Markdown news document: optional YAML front matter between `---` lines (keys
 * {@link FRONT_MATTER_KEYS}), then the body. Without a `title` key, the first `# Heading` of the body is the
 * title and is removed from the body; with one, a first `# Heading` that repeats it (quotes, spacing and case
 * aside) is removed, so the headline does not show twice.
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
  const lines = text
    .replace(/^\uFEFF/u, '')
    .normalize('NFC')
    .split(/\r\n|\r|\n/u)
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
  const first = bodyLines.findIndex((line) => line.trim() !== '')
  const heading = first === -1 ? undefined : H1.exec(bodyLines[first])
  if (title === undefined) {
    if (!heading) {
      throw new DocumentParseError(
        'no title: add "title:" to the front matter or start the body with "# Title"',
        bodyStart + 1,
      )
    }
    document.title = unescapeMarkdown(heading[1])
    bodyLines = bodyLines.slice(first + 1)
  } else {
    document.title = expectString('title', title, keyLines)
    // The same headline again as the body's first `# Heading` would be shown twice: it is the title already.
    if (heading && headlineKey(unescapeMarkdown(heading[1])) === headlineKey(document.title)) {
      bodyLines = bodyLines.slice(first + 1)
    }
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
  const offset = lines.length - bodyLines.length
  const warnings = [
    ...plainTextWarnings(bodyLines, offset),
    ...removeUnsafeLinks(document.content, lineOfLinks(linksIn(bodyLines, offset), offset + 1)),
  ]
  if (warnings.length) {
    document.warnings = warnings
  }
  return document
}

/**
 * The targets of inline links (`[text](target)`) and autolinks (`<scheme:…>`) in the body, with their 1-based lines.
 *
 * @param bodyLines - the body's lines.
 * @param offset - how many lines of the file come before the body.
 */
function linksIn(bodyLines: readonly string[], offset: number): Array<{ line: number; url: string }> {
  return bodyLines.flatMap((line, index) =>
    [...line.matchAll(/\]\(\s*<?([^\s)>]+)|<([a-z][a-z0-9+.-]*:[^\s>]*)>/giu)].map((match) => ({
      line: offset + index + 1,
      url: match[1] ?? match[2],
    })),
  )
}

/** Markdown the rich-text editor has no node for: kept, but as plain paragraphs. */
const KEPT_AS_TEXT: Array<[RegExp, string]> = [
  [/^\s*(?:```|~~~)/u, 'a code fence'],
  [/^\s*\|.*\|\s*$/u, 'a table'],
  [/!\[[^\]]*\]\([^)]*\)/u, 'an image'],
]

/**
 * One warning per kind of Markdown that ends up as plain text (its first line named), so an editor can fix it.
 *
 * @param bodyLines - the body's lines.
 * @param offset - how many lines of the file come before the body.
 */
function plainTextWarnings(bodyLines: readonly string[], offset: number): string[] {
  return KEPT_AS_TEXT.flatMap(([pattern, what]) => {
    const index = bodyLines.findIndex((line) => pattern.test(line))
    return index === -1
      ? []
      : [`line ${offset + index + 1}: ${what} is stored as plain text (no such block in the editor)`]
  })
}

function readFrontMatter(
  yaml: string,
  firstLine: number,
): { fields: Partial<Record<FrontMatterKey, unknown>>; keyLines: Partial<Record<FrontMatterKey, number>> } {
  const lineCounter = new LineCounter()
  const parsed = parseYaml(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineAt = (offset: number | undefined) =>
    firstLine - 1 + (offset === undefined ? 1 : lineCounter.linePos(offset).line)
  const error = parsed.errors[0]
  if (error) {
    throw new DocumentParseError(
      `front matter is not valid YAML: ${error.message.split('\n')[0]}`,
      lineAt(error.pos[0]),
    )
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
  try {
    if (typeof value !== 'string') {
      throw new Error('must be a date such as 2026-11-29 or 2026-11-29T08:30:00+01:00')
    }
    return parseStatedDate(value)
  } catch (error) {
    throw new DocumentParseError(`front matter: "${key}": ${(error as Error).message}`, lines[key] ?? 1)
  }
}

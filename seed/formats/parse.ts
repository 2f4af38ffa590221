/**
 * The plain-text news document format, parsed without touching a database.
 *
 *   Headline                                 line 1 (the first non-blank line)
 *   – byJérôme · 2 min read                  optional byline (dash, "by"/"By", names, optional reading time)
 *   Headline                                 optional repeat of the headline, dropped (quotes may differ)
 *   First paragraph …                        paragraphs, separated by one or more blank lines
 */

/** A document as written: nothing derived yet. Text is NFC-normalised and otherwise kept as is. */
export type ParsedDocument = {
  /** Author names in byline order; empty when the document has no byline. */
  authors: string[]
  /** One string per paragraph; a line break inside a paragraph is kept as "\n". */
  paragraphs: string[]
  /** The reading time the byline states, in minutes, when it states one. */
  statedReadingTime?: number
  title: string
  /** Lines left in the body that look like a byline, each named with its line (see {@link looksLikeByline}). */
  warnings?: string[]
}

/** A document that cannot be imported; `line` is 1-based and points at the problem. */
export class DocumentParseError extends Error {
  override name = 'DocumentParseError'
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

/**
 * A byline: an optional leading dash, "by" (any case), the names, and an optional "· N min read".
 * Without a dash or a reading time, "by" must be followed by a space, so a paragraph such as
 * "Byzantium fell…" is never taken for a byline; and every name must read as a name (see `isName`).
 */
const BYLINE =
  /^(?<dash>[–—-]\s*)?by(?<space>\s*)(?<names>.+?)(?:\s*[·•|]\s*(?<minutes>\d+)\s*min(?:ute)?s?\.?\s*read)?\s*$/iu
/** Separators between several names: commas (Latin, Arabic "،", ideographic "、" and "，"), "and", "&", Arabic "و". */
const NAME_SEPARATOR = /\s*[,،、，]\s*(?:and\s+)?|\s+(?:and|&|و)\s+/iu
/**
 * Lowercase words that belong inside personal names (nobiliary and patronymic particles of Romance, Germanic,
 * Dutch and Arabic names: "Ibn Battuta", "Ludwig van Beethoven", "Rachida el Idrissi"). Any other lowercase word
 * means the line is prose: "By the time the police arrived", "By the numbers", "By Ana Li in Rabat".
 */
const NAME_PARTICLES = new Set([
  'al',
  'ben',
  'bin',
  'bint',
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'des',
  'di',
  'do',
  'dos',
  'du',
  'e',
  'el',
  'ibn',
  'la',
  'le',
  'ter',
  'van',
  'von',
  'y',
  'zu',
])
/**
 * English words that never make a name, in any case: a byline-like line holding one is prose, even in capitals
 * ("BY THE NUMBERS", "BY A LANDSLIDE").
 */
const FUNCTION_WORDS = new Set([
  'a',
  'after',
  'all',
  'an',
  'any',
  'at',
  'far',
  'for',
  'from',
  'in',
  'into',
  'its',
  'now',
  'of',
  'on',
  'our',
  'over',
  'than',
  'that',
  'the',
  'their',
  'then',
  'these',
  'this',
  'those',
  'to',
  'under',
  'way',
  'with',
])
/**
 * A name word: starts with a capital letter (an initial such as "J." counts) or with a letter of a script that has
 * no case (Arabic, Hebrew, Han, Devanagari… Unicode's `Lo`), then letters, marks, apostrophes, dots and hyphens.
 * Cyrillic and Greek have capitals, and follow the Latin rule. A word starting with a lowercase letter is a particle
 * or prose.
 */
const NAME_WORD = /^[\p{Lu}\p{Lt}\p{Lo}][\p{L}\p{M}'’.-]*$/u
const MAX_WORDS_PER_NAME = 6
const MAX_BYLINE_LENGTH = 160

/**
 * Whether a string reads as a personal or agency name, in any script: name words (see {@link NAME_WORD}), particles
 * between them, no English function word.
 */
function isName(name: string): boolean {
  const words = name.split(/\s+/u)
  const isNameWord = (word: string) => NAME_WORD.test(word) && !FUNCTION_WORDS.has(word.toLowerCase())
  return (
    words.length <= MAX_WORDS_PER_NAME &&
    isNameWord(words[0]) &&
    words.every((word) => isNameWord(word) || (NAME_PARTICLES.has(word) && word === word.toLowerCase()))
  )
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Decodes a file's bytes as UTF-8, refusing rather than replacing invalid bytes (which would silently lose text).
 *
 * @param bytes - the file content.
 * @returns the text, without a leading BOM.
 * @throws DocumentParseError naming the 1-based line of the first invalid byte sequence.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    let line = 1
    let start = 0
    for (let index = 0; index <= bytes.length; index += 1) {
      if (index === bytes.length || bytes[index] === 0x0a) {
        try {
          utf8.decode(bytes.subarray(start, index))
        } catch {
          break
        }
        line += 1
        start = index + 1
      }
    }
    throw new DocumentParseError('not valid UTF-8 text (save the file as UTF-8)', line)
  }
}

/**
 * Folds the differences a repeated headline may show: typographic vs straight quotes, spacing and case.
 *
 * @param line - a headline-like line.
 * @returns a comparison key, not for display.
 */
export function headlineKey(line: string): string {
  return line
    .normalize('NFKC')
    .replace(/[‘’‚‛′`]/gu, "'")
    .replace(/[“”„‟″]/gu, '"')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
}

/**
 * Reads a byline.
 *
 * @param line - one trimmed line of text.
 * @returns the names in order and the stated reading time, or `undefined` when the line is not a byline.
 */
export function parseByline(line: string): { authors: string[]; statedReadingTime?: number } | undefined {
  if (line.length > MAX_BYLINE_LENGTH) {
    return undefined
  }
  const match = BYLINE.exec(line)
  const groups = match?.groups
  if (!groups?.names) {
    return undefined
  }
  if (!groups.dash && !groups.minutes && !groups.space) {
    return undefined
  }
  // One full stop may close a byline ("By Ana Li and Bo Chen."); a name's own ("Jr.") stays.
  const names = groups.names.replace(/(\p{L}{3,})\.$/u, '$1')
  const authors = splitNames(names)
  if (authors.length === 0 || !authors.every(isName)) {
    return undefined
  }
  return groups.minutes ? { authors, statedReadingTime: Number(groups.minutes) } : { authors }
}

/**
 * Whether a line has a byline's shape, whatever its names: "by" with a leading dash, a stated reading time
 * ("· 3 min read") or a capitalised or caseless word glued to it ("byJérôme"). Prose that merely starts with "By" ("By the time…") has
 * none of these.
 *
 * @param line - one trimmed line of text.
 */
export function looksLikeByline(line: string): boolean {
  const groups = line.length > MAX_BYLINE_LENGTH ? undefined : BYLINE.exec(line)?.groups
  // Glued, only to what starts like a name: "byline", "bystander" are words.
  const isGlued = !groups?.space && /^[\p{Lu}\p{Lt}\p{Lo}]/u.test(groups?.names ?? '')
  return Boolean(groups?.names && (groups.dash || groups.minutes || isGlued))
}

/**
 * Splits a list of author names written the way bylines write them: `A`, `A and B`, `A, B and C`, `A & B`.
 *
 * @param names - the names part of a byline (without "by").
 * @returns trimmed, non-empty names in order.
 */
export function splitNames(names: string): string[] {
  return names
    .split(NAME_SEPARATOR)
    .map((name) => name.trim())
    .filter(Boolean)
}

/**
 * Parses a plain-text news document.
 *
 * @param text - the whole file as decoded text (a UTF-8 BOM and CRLF line ends are accepted).
 * @returns the headline, byline names, stated reading time and paragraphs, all NFC, and a warning for each
 *   one-line paragraph that {@link looksLikeByline} but was not read as the byline (it stays in the body).
 * @throws DocumentParseError when there is no headline (empty document) or no body after the header lines,
 *   with the 1-based line number where the problem shows.
 */
export function parseDocument(text: string): ParsedDocument {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .normalize('NFC')
    .split(/\r\n|\r|\n/u)
  let index = lines.findIndex((line) => line.trim() !== '')
  if (index === -1) {
    throw new DocumentParseError('no headline: the document is empty', 1)
  }
  const title = lines[index].trim()
  index += 1

  const nextContentLine = (from: number): number => {
    let at = from
    while (at < lines.length && lines[at].trim() === '') {
      at += 1
    }
    return at
  }

  let authors: string[] = []
  let statedReadingTime: number | undefined
  let at = nextContentLine(index)
  const byline = at < lines.length ? parseByline(lines[at].trim()) : undefined
  if (byline) {
    authors = byline.authors
    statedReadingTime = byline.statedReadingTime
    at = nextContentLine(at + 1)
  }
  if (at < lines.length && headlineKey(lines[at]) === headlineKey(title)) {
    at = nextContentLine(at + 1)
  }

  const paragraphs: string[] = []
  const warnings: string[] = []
  let current: string[] = []
  const endParagraph = (end: number) => {
    const paragraph = current.join('\n').trim()
    paragraphs.push(paragraph)
    if (current.length === 1 && looksLikeByline(paragraph)) {
      warnings.push(
        `line ${end}: "${paragraph}" looks like a byline but is not read as one (each name must start with a ` +
          'capital letter or a letter of a script without case); it stays in the body',
      )
    }
    current = []
  }
  for (; at < lines.length; at += 1) {
    const line = lines[at].trimEnd()
    if (line.trim() === '') {
      if (current.length) {
        endParagraph(at)
      }
    } else {
      current.push(line)
    }
  }
  if (current.length) {
    endParagraph(lines.length)
  }
  if (paragraphs.length === 0) {
    throw new DocumentParseError('empty body: no paragraph after the headline and byline', lines.length)
  }
  return {
    authors,
    paragraphs,
    ...(statedReadingTime === undefined ? {} : { statedReadingTime }),
    title,
    ...(warnings.length ? { warnings } : {}),
  }
}

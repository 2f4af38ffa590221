/** Longest default excerpt (dek), in characters, ellipsis included. */
export const EXCERPT_MAX_LENGTH = 300

/**
 * Derives a default excerpt from the first paragraph of an article.
 *
 * @param paragraph - the first paragraph's text.
 * @param maxLength - the limit in characters (UTF-16 code units), default {@link EXCERPT_MAX_LENGTH}.
 * @returns the paragraph unchanged when it fits; otherwise its longest prefix ending at a word boundary
 *   followed by "…", all within `maxLength`. A single word longer than the limit is cut inside.
 */
export function excerptFrom(paragraph: string, maxLength = EXCERPT_MAX_LENGTH): string {
  const text = paragraph.trim()
  if (text.length <= maxLength) {
    return text
  }
  const room = text.slice(0, maxLength) // the ellipsis replaces the character after the cut
  const boundary = room.search(/\s\S*$/u)
  const head = boundary > 0 ? room.slice(0, boundary) : room.slice(0, maxLength - 1)
  return `${head.replace(/[\s,;:–—-]+$/u, '')}…`
}

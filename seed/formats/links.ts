import type { ArticleContent, JsonNode } from './lexical'

/** URL schemes a published link may use; anything else (`javascript:`, `data:`, `vbscript:` …) could run code. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/**
 * Whether a link target is safe to publish: a relative URL, or an absolute one with a scheme in
 * {@link SAFE_SCHEMES}. Leading whitespace and control characters are ignored the way browsers ignore them
 * (WHATWG URL Standard, "basic URL parser"), so ` java\tscript:` is caught too.
 *
 * @param url - the link's target as written.
 * @returns true for a target safe to publish.
 */
export function isSafeUrl(url: string): boolean {
  // Browsers drop tabs and newlines anywhere in a URL and leading/trailing C0 controls and spaces.
  // eslint-disable-next-line no-control-regex -- WHATWG URL parsing strips C0 controls and spaces at both ends
  const cleaned = url.replace(/[\t\n\r]/gu, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/gu, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/iu.exec(cleaned)?.[1]
  return scheme === undefined || SAFE_SCHEMES.has(`${scheme.toLowerCase()}:`)
}

/**
 * The warning for an unsafe link the importer unwrapped, worded as docs/importing.md states the rule.
 *
 * @param args.line - the 1-based line of the link in the source file.
 * @param args.url - the link's target as written.
 */
export function unsafeLinkWarning({ line, url }: { line: number; url: string }): string {
  return (
    `line ${line}: link to ${JSON.stringify(url.slice(0, 80))} unwrapped, its text kept ` +
    '(only http, https, mailto, tel and relative links are kept)'
  )
}

/**
 * Unwraps links whose target is not safe to publish ({@link isSafeUrl}), keeping their text, in place.
 *
 * @param content - a Lexical editor state, changed in place.
 * @param lineOf - the 1-based source line of an unwrapped link, given its target; called once per link, in
 *   document order, so it can hand out repeated targets' lines in turn.
 * @returns one {@link unsafeLinkWarning} per unwrapped link, in document order.
 */
export function removeUnsafeLinks(content: ArticleContent, lineOf: (url: string) => number): string[] {
  const removed: string[] = []
  const visit = (node: JsonNode) => {
    if (!node.children) {
      return
    }
    node.children = node.children.flatMap((child) => {
      const url = child.fields?.url
      const isUnsafe =
        (child.type === 'link' || child.type === 'autolink') && typeof url === 'string' && !isSafeUrl(url)
      if (isUnsafe) {
        removed.push(unsafeLinkWarning({ line: lineOf(url), url }))
      }
      visit(child)
      return isUnsafe ? (child.children ?? []) : [child]
    })
  }
  visit((content as unknown as { root: JsonNode }).root)
  return removed
}

/**
 * A {@link removeUnsafeLinks} `lineOf` over links found in the source with their lines: each call takes the first
 * not yet taken with that target.
 *
 * @param found - the source's unsafe links in document order.
 * @param fallback - the line for a target not found (the converter rewrote it).
 */
export function lineOfLinks(
  found: ReadonlyArray<{ line: number; url: string }>,
  fallback: number,
): (url: string) => number {
  const left = [...found]
  return (url) => {
    const index = left.findIndex((link) => link.url === url)
    return index === -1 ? fallback : left.splice(index, 1)[0].line
  }
}

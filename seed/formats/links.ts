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
 * Unwraps links whose target is not safe to publish, keeping their text, in place.
 *
 * @param content - a Lexical editor state, changed in place.
 * @returns one message per removed link, naming its target.
 */
export function removeUnsafeLinks(content: ArticleContent): string[] {
  const removed: string[] = []
  const visit = (node: JsonNode) => {
    if (!node.children) {
      return
    }
    node.children = node.children.flatMap((child) => {
      visit(child)
      const url = child.fields?.url
      if ((child.type === 'link' || child.type === 'autolink') && typeof url === 'string' && !isSafeUrl(url)) {
        removed.push(
          `link to ${JSON.stringify(url.slice(0, 80))} removed (only http, https, mailto and tel links are kept); its text is kept`,
        )
        return child.children ?? []
      }
      return [child]
    })
  }
  visit((content as unknown as { root: JsonNode }).root)
  return removed
}

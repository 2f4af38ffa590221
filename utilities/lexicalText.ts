import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'
import type { PlaintextConverters } from '@payloadcms/richtext-lexical/plaintext'

import { convertLexicalToPlaintext } from '@payloadcms/richtext-lexical/plaintext'

/** Lexical rich text as Payload stores it, or nothing. */
export type RichText = null | SerializedEditorState | undefined

/**
 * Block quotes: Payload's default plain-text heuristic separates paragraphs, headings and lists but not quotes,
 * so "…stable.</li></ul><blockquote>We…" came out as one word "stable.We". A quote is a block like a paragraph.
 */
const converters: PlaintextConverters = {
  quote: ({ childIndex, node, nodesToPlaintext }) =>
    `${childIndex > 0 ? '\n\n' : ''}${nodesToPlaintext({ nodes: node.children }).join('')}`,
}

/**
 * The plain text of a Lexical document, through Payload's own converter: block-level nodes (quotes included)
 * are separated by a blank line, line breaks become "\n".
 *
 * @param content - a Lexical editor state (as stored in a `richText` field), or null/undefined.
 * @returns the text, "" for an empty or missing document.
 */
export function plainTextOf(content: RichText): string {
  return content ? convertLexicalToPlaintext({ converters, data: content }) : ''
}

/**
 * The text of the first top-level node that has any text (usually the first paragraph).
 *
 * @param content - a Lexical editor state, or null/undefined.
 * @returns that node's plain text, trimmed; "" when the document has no text.
 */
export function firstParagraphOf(content: RichText): string {
  for (const node of content?.root.children ?? []) {
    const text = plainTextOf({ root: { ...content!.root, children: [node] } }).trim()
    if (text) {
      return text
    }
  }
  return ''
}

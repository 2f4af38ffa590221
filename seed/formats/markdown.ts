/**
 * Markdown in and out, through Payload's own converters (`convertMarkdownToLexical`,
 * `convertLexicalToMarkdown`), with the two fixes a lossless round trip needs:
 *
 * - Export escapes text that would otherwise read back as structure: a paragraph line starting with `#`,
 *   `>`, `-`, `+`, `1.`, a fence or a rule. Lexical escapes inline markers (`*`, `_`, `` ` ``, `~`, `\`) itself.
 *   Line breaks inside a paragraph are written as CommonMark hard breaks (a backslash before the newline).
 * - Import applies CommonMark's backslash-escape rule (a backslash before ASCII punctuation stands for that
 *   character, CommonMark 0.31 §2.4) to the escapes Lexical's importer leaves in the text, such as `\#`.
 */
import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { convertLexicalToMarkdown, convertMarkdownToLexical } from '@payloadcms/richtext-lexical'

import type { ArticleContent, JsonNode } from './lexical'

import { walkNodes } from './lexical'

/** Lexical's bit for inline code in a text node's `format` (lexical/src/LexicalConstants.ts, IS_CODE). */
const IS_CODE = 16
/** The node-state key Lexical's Markdown package stores a hard line break marker under. */
const HARD_BREAK_STATE = 'mdHardLineBreak'
/** A private-use character standing in for an escaping backslash while Lexical writes the Markdown. */
const ESCAPE_MARK = '\uE000'
/**
 * Line starts that Lexical's Markdown importer would read as a block: heading, quote, list item, rule, fence,
 * check box, numbered item. `*` and `_` need no entry: Lexical escapes them everywhere.
 */
const BLOCK_START = /^(\s*)(?:#{1,6}(?:\s|$)|>|[+-](?:\s|$)|-{3,}\s*$|`{3}|\[[\sx]?\]\s|(\d+)[.)](?:\s|$))/iu
// CommonMark's ASCII punctuation, as its spec writes it (four ranges).
// eslint-disable-next-line regexp/no-obscure-range
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/gu

/**
 * Applies CommonMark's backslash escapes to a line of inline text (a title, say): `Why \*this\* matters` reads
 * `Why *this* matters`.
 *
 * @param text - Markdown inline text.
 * @returns the text with each escaping backslash removed.
 */
export function unescapeMarkdown(text: string): string {
  return text.replace(BACKSLASH_ESCAPE, '$1')
}

/**
 * Converts Markdown to the article body.
 *
 * @param args.markdown - Markdown text (CommonMark-style: headings, lists, quotes, links, emphasis).
 * @param args.editorConfig - the server editor config of the `content` field.
 * @returns a Lexical editor state; leftover backslash escapes are resolved and hard-break markers dropped,
 *   so the same text reads the same whether it came from Markdown or from plain text.
 * @throws whatever Lexical's importer throws (it accepts any text in practice).
 */
export function markdownToContent({
  editorConfig,
  markdown,
}: {
  editorConfig: SanitizedServerEditorConfig
  markdown: string
}): ArticleContent {
  const state = convertMarkdownToLexical({ editorConfig, markdown }) as unknown as { root: JsonNode }
  walkNodes(state.root, (node) => {
    if (node.type === 'text' && typeof node.text === 'string' && !((node.format as number) & IS_CODE)) {
      node.text = node.text.replace(BACKSLASH_ESCAPE, '$1')
    }
    if (node.type === 'linebreak') {
      delete node.$
    }
  })
  return state as unknown as ArticleContent
}

/**
 * Converts the article body to Markdown that {@link markdownToContent} reads back to the same document.
 *
 * @param args.content - a Lexical editor state from the `content` field.
 * @param args.editorConfig - the server editor config of the `content` field.
 * @returns Markdown text without a trailing newline.
 * @throws when `content` is not a valid editor state for `editorConfig` (Lexical's parser).
 */
export function contentToMarkdown({
  content,
  editorConfig,
}: {
  content: ArticleContent
  editorConfig: SanitizedServerEditorConfig
}): string {
  const copy = structuredClone(content) as unknown as { root: JsonNode }
  walkNodes(copy.root, (node) => {
    const children = node.children ?? []
    children.forEach((child, index) => {
      const isLineStart = index === 0 || children[index - 1]?.type === 'linebreak'
      if (isLineStart && node.type === 'paragraph' && child.type === 'text' && typeof child.text === 'string') {
        child.text = escapeBlockStart(child.text)
      }
      if (child.type === 'linebreak') {
        child.$ = { [HARD_BREAK_STATE]: '\\' }
      }
    })
  })
  const markdown = convertLexicalToMarkdown({ data: copy as never, editorConfig })
  return markdown.replaceAll(ESCAPE_MARK, '\\')
}

/** Puts an escape mark before the character that would make a line start read as a Markdown block. */
function escapeBlockStart(text: string): string {
  const match = BLOCK_START.exec(text)
  if (!match) {
    return text
  }
  const indent = match[1].length
  if (match[2] !== undefined) {
    const at = indent + match[2].length
    return `${text.slice(0, at)}${ESCAPE_MARK}${text.slice(at)}`
  }
  return `${text.slice(0, indent)}${ESCAPE_MARK}${text.slice(indent)}`
}

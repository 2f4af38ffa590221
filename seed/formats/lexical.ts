import type { SerializedParagraphNode } from '@payloadcms/richtext-lexical'
import type { SerializedLexicalNode } from '@payloadcms/richtext-lexical/lexical'

import { buildEditorState } from '@payloadcms/richtext-lexical'

import type { Article } from '../../src/payload-types'

/** The value of an article's `content` field. */
export type ArticleContent = NonNullable<Article['content']>

/**
 * Builds the Lexical document for plain paragraphs, with Payload's `buildEditorState` helper: one paragraph
 * node per paragraph, and a line break node for each "\n" inside one. No formatting is inferred: text that
 * merely looks like Markdown stays literal.
 *
 * @param paragraphs - paragraph texts, in order.
 * @returns an editor state for the `content` field.
 */
export function paragraphsToLexical(paragraphs: readonly string[]): ArticleContent {
  const nodes = paragraphs.map((paragraph): SerializedParagraphNode => {
    const [first, ...rest] = paragraph.split('\n').map(paragraphNode)
    const children: SerializedLexicalNode[] = [...first.children]
    for (const line of rest) {
      children.push({ type: 'linebreak', version: 1 }, ...line.children)
    }
    return { ...first, children }
  })
  // The helper types its `nodes` recursively and the generated field type is an open JSON shape; the
  // document itself is exactly what the helper builds.
  return buildEditorState({ nodes: nodes as never }) as unknown as ArticleContent
}

/** One paragraph node holding one text node (none for empty text), shaped by Payload's helper. */
function paragraphNode(text: string): SerializedParagraphNode {
  // The helper adds no paragraph for empty text, so an empty one is made from a placeholder and emptied.
  const paragraph = buildEditorState<SerializedParagraphNode>({ text: text || ' ' }).root.children[0]
  return text ? paragraph : { ...paragraph, children: [] }
}

/** A node of a Lexical document as JSON, loosely typed for walking. */
export type JsonNode = {
  [key: string]: unknown
  children?: JsonNode[]
  fields?: { [key: string]: unknown }
  text?: string
  type?: string
}

/**
 * Visits a node and everything below it, parents before children, in document order.
 *
 * @param node - usually an editor state's `root`.
 * @param visit - called once per node; it may change the node in place (not its `children` array).
 */
export function walkNodes(node: JsonNode, visit: (node: JsonNode) => void): void {
  visit(node)
  for (const child of node.children ?? []) {
    walkNodes(child, visit)
  }
}

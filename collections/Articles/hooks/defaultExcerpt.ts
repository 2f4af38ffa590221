import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

import { excerptFrom } from '../../../utilities/excerpt'
import { firstParagraphOf } from '../../../utilities/lexicalText'

/**
 * Fills an empty `excerpt` from the first paragraph of the body. An excerpt an editor wrote is never
 * replaced; clearing it brings the default back on the next save.
 */
export const defaultExcerpt: CollectionBeforeChangeHook<Article> = ({ data, originalDoc }) => {
  const current = data.excerpt === undefined ? originalDoc?.excerpt : data.excerpt
  // Payload checks field values after collection hooks, so the excerpt may not be text here; only text counts.
  if (typeof current === 'string' && current.trim()) {
    return data
  }
  const content = data.content === undefined ? originalDoc?.content : data.content
  const paragraph = firstParagraphOf(content)
  data.excerpt = paragraph ? excerptFrom(paragraph) : null
  return data
}

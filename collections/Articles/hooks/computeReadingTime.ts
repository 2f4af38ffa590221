import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

import { plainTextOf } from '../../../utilities/lexicalText'
import { countWords, readingTimeMinutes } from '../../../utilities/readingTime'

/**
 * Sets `wordCount` and `readingTime` from the body on every save (drafts included), so neither can be
 * edited by hand or go stale. A partial update without `content` counts the stored body.
 */
export const computeReadingTime: CollectionBeforeChangeHook<Article> = ({ data, originalDoc }) => {
  const content = data.content === undefined ? originalDoc?.content : data.content
  const words = countWords(plainTextOf(content))
  data.wordCount = words
  data.readingTime = readingTimeMinutes(words)
  return data
}

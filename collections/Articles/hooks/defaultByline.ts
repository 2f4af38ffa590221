import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

/**
 * A new article without authors gets the creator's own byline (`users.author`), when the account has one.
 * Writers depend on it: they may only edit articles that carry their byline, and the admin panel creates the
 * document (autosave) before anyone picks an author.
 */
export const defaultByline: CollectionBeforeChangeHook<Article> = ({ data, operation, req }) => {
  if (operation !== 'create' || (data.authors && data.authors.length > 0)) {
    return data
  }
  const author = (req.user as { author?: unknown } | null | undefined)?.author
  const authorId = typeof author === 'object' && author !== null ? (author as { id: number | string }).id : author
  if (authorId !== undefined && authorId !== null) {
    data.authors = [authorId as number]
  }
  return data
}

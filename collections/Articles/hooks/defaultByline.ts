import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

import { relationId } from '../../../utilities/relationId'

/**
 * A new article without authors gets the creator's own byline (`users.author`), when the account has one.
 * Writers depend on it: they may only edit articles that carry their byline, and the admin panel creates the
 * document (autosave) before anyone picks an author.
 */
export const defaultByline: CollectionBeforeChangeHook<Article> = ({ data, operation, req }) => {
  if (operation !== 'create' || (data.authors && data.authors.length > 0)) {
    return data
  }
  const authorId = relationId((req.user as { author?: unknown } | null | undefined)?.author)
  if (authorId !== undefined) {
    // Generated types describe SQLite's numeric ids; MongoDB's string ids pass through unchanged.
    data.authors = [authorId as number]
  }
  return data
}

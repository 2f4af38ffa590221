import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

/** Stamps `publishedAt` with the current time on the first publish, unless an editor already set a date. */
export const setPublishedAt: CollectionBeforeChangeHook<Article> = ({ data, originalDoc }) => {
  const publishedAt = data.publishedAt === undefined ? originalDoc?.publishedAt : data.publishedAt
  if (data._status === 'published' && !publishedAt) {
    data.publishedAt = new Date().toISOString()
  }
  return data
}

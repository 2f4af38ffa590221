import type { CollectionConfig } from 'payload'

import { authenticated } from '../../access/authenticated'
import { publishedOrAuthenticated } from '../../access/publishedOrAuthenticated'
import { slugField } from '../../fields/slug'
import { computeReadingTime } from './hooks/computeReadingTime'
import { defaultExcerpt } from './hooks/defaultExcerpt'
import { setPublishedAt } from './hooks/setPublishedAt'

/** News articles: drafts until published; anonymous readers only ever see published ones. */
export const Articles: CollectionConfig<'articles'> = {
  slug: 'articles',
  access: {
    create: authenticated,
    delete: authenticated,
    read: publishedOrAuthenticated,
    update: authenticated,
  },
  admin: {
    defaultColumns: ['title', 'authors', '_status', 'publishedAt', 'updatedAt'],
    useAsTitle: 'title',
  },
  defaultPopulate: {
    slug: true,
    title: true,
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
    },
    slugField({ fallbackPrefix: 'article', from: 'title' }),
    {
      name: 'excerpt',
      type: 'textarea',
      admin: {
        description: 'The dek. Left empty, it is taken from the first paragraph (at most 300 characters).',
      },
    },
    {
      name: 'content',
      type: 'richText',
    },
    {
      name: 'authors',
      type: 'relationship',
      admin: {
        description: 'In byline order: the first is the primary author.',
        position: 'sidebar',
      },
      hasMany: true,
      relationTo: 'authors',
    },
    {
      name: 'publishedAt',
      type: 'date',
      admin: {
        date: { pickerAppearance: 'dayAndTime' },
        position: 'sidebar',
      },
      index: true,
    },
    {
      name: 'wordCount',
      type: 'number',
      admin: {
        description: 'Computed from the body on every save.',
        position: 'sidebar',
        readOnly: true,
      },
    },
    {
      name: 'readingTime',
      type: 'number',
      admin: {
        description: 'Minutes, computed from the word count on every save.',
        position: 'sidebar',
        readOnly: true,
      },
    },
  ],
  hooks: {
    beforeChange: [computeReadingTime, defaultExcerpt, setPublishedAt],
  },
  versions: {
    drafts: true,
  },
}

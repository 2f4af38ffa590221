import type { CollectionConfig } from 'payload'

import { anyone } from '../access/anyone'
import { authenticated } from '../access/authenticated'
import { slugField } from '../fields/slug'

/** Public bylines. Separate from `users`: an author needs no login, and nothing here is private. */
export const Authors: CollectionConfig<'authors'> = {
  slug: 'authors',
  access: {
    create: authenticated,
    delete: authenticated,
    read: anyone,
    update: authenticated,
  },
  admin: {
    defaultColumns: ['name', 'slug', 'updatedAt'],
    useAsTitle: 'name',
  },
  // What an article's `authors` carries at depth 1: enough for a byline link.
  defaultPopulate: {
    name: true,
    slug: true,
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
    },
    slugField({ fallbackPrefix: 'author', from: 'name' }),
    {
      name: 'bio',
      type: 'textarea',
    },
    {
      name: 'articles',
      type: 'join',
      // Collections name each other by slug string (the files would otherwise import each other in a
      // cycle); the generated CollectionSlug type still checks the spelling.
      collection: 'articles',
      defaultSort: '-publishedAt',
      on: 'authors',
    },
  ],
}

import type { CollectionConfig } from 'payload'

import type { Author } from '../src/payload-types'

import { anyone } from '../access/anyone'
import { isEditor, isStaffField } from '../access/roles'
import { searchKeyField } from '../fields/searchKey'
import { slugField } from '../fields/slug'
import { announcePublicChanges, referencesTo } from './hooks/announceChange'

/** An author's byline appears on their published articles. */
const announced = announcePublicChanges<Author>({
  affects: ({ doc, req }) => referencesTo({ collection: 'articles', req, where: { authors: { in: [doc.id] } } }),
  collection: 'authors',
})

/** Public bylines. Separate from `users`: an author needs no login; only `email` is private. */
export const Authors: CollectionConfig<'authors'> = {
  slug: 'authors',
  access: {
    create: isEditor,
    delete: isEditor,
    read: anyone,
    update: isEditor,
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
    searchKeyField({ from: 'name' }),
    slugField({ fallbackPrefix: 'author', from: 'name' }),
    {
      name: 'bio',
      type: 'textarea',
    },
    {
      name: 'avatar',
      type: 'upload',
      relationTo: 'media',
    },
    {
      name: 'email',
      type: 'email',
      // Contact address for the newsroom, never for the public: unreadable and unqueryable anonymously.
      access: { read: isStaffField },
      admin: { description: 'Private: visible to logged-in staff only.' },
    },
    {
      name: 'needsReview',
      type: 'checkbox',
      access: { read: isStaffField },
      admin: {
        description:
          'Created by the importer from a byline it could not match for sure (a first name alone): check the name, or merge it into the right author.',
        position: 'sidebar',
      },
      defaultValue: false,
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
  hooks: {
    afterChange: [announced.afterChange],
    afterDelete: [announced.afterDelete],
  },
}

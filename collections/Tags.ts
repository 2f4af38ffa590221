import type { CollectionConfig } from 'payload'

import type { Tag } from '../src/payload-types'

import { anyone } from '../access/anyone'
import { isEditor } from '../access/roles'
import { searchKeyField } from '../fields/searchKey'
import { slugField } from '../fields/slug'
import { announcePublicChanges, referencesTo } from './hooks/announceChange'

/** A tag's name appears on the published articles filed under it. */
const announced = announcePublicChanges<Tag>({
  affects: ({ doc, req }) => referencesTo({ collection: 'articles', req, where: { tags: { in: [doc.id] } } }),
  collection: 'tags',
})

/** Topics articles are filed under ("Security", "Morocco"); public, managed by editors. */
export const Tags: CollectionConfig<'tags'> = {
  slug: 'tags',
  access: {
    create: isEditor,
    delete: isEditor,
    read: anyone,
    update: isEditor,
  },
  admin: {
    defaultColumns: ['name', 'slug'],
    useAsTitle: 'name',
  },
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
    slugField({ fallbackPrefix: 'tag', from: 'name' }),
  ],
  hooks: {
    afterChange: [announced.afterChange],
    afterDelete: [announced.afterDelete],
  },
}

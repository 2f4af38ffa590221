import type { CollectionConfig } from 'payload'

import { anyone } from '../access/anyone'
import { isEditor } from '../access/roles'
import { slugField } from '../fields/slug'

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
    slugField({ fallbackPrefix: 'tag', from: 'name' }),
  ],
}

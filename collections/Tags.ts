import type { CollectionConfig } from 'payload'

import { anyone } from '../access/anyone'
import { isEditor } from '../access/roles'
import { slugField } from '../fields/slug'
import { noVersionHistory } from './endpoints/notFound'
import { apiInputChecks } from './hooks/apiInputChecks'

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
  endpoints: noVersionHistory(),
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
    },
    slugField({ fallbackPrefix: 'tag', from: 'name' }),
  ],
  hooks: {
    beforeOperation: apiInputChecks<'tags'>(),
  },
}

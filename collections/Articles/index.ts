import type { CollectionConfig } from 'payload'

import { authenticated } from '../../access/authenticated'
import { canCreateArticle } from '../../access/canCreateArticle'
import { isEditorOrOwnAuthor } from '../../access/isEditorOrOwnAuthor'
import { publishedPreviewedOrAuthenticated } from '../../access/publishedPreviewedOrAuthenticated'
import { isEditor } from '../../access/roles'
import { importSourceField } from '../../fields/importSource'
import { publishedAtField } from '../../fields/publishedAt'
import { contentHtmlField, contentTextField, jsonLdField, orderRenditions } from '../../fields/renditions'
import { searchKeyField } from '../../fields/searchKey'
import { slugField } from '../../fields/slug'
import { WHOLE_NUMBER } from '../../src/graphqlWholeNumbers'
import { adminLivePreviewUrl, adminPreviewUrl, previewEndpoint } from './endpoints/preview'
import { announceArticleChange, announceArticleDelete } from './hooks/announceArticleChange'
import { computeReadingTime } from './hooks/computeReadingTime'
import { defaultByline } from './hooks/defaultByline'
import { defaultExcerpt } from './hooks/defaultExcerpt'
import { preventWriterPublishing } from './hooks/preventWriterPublishing'
import { readPublishedForReaders } from './hooks/readPublishedForReaders'
import { requireOwnByline } from './hooks/requireOwnByline'
import { setPublishedAt } from './hooks/setPublishedAt'
import { sweepAbandonedDrafts } from './hooks/sweepAbandonedDrafts'
import { trackImportEdits } from './hooks/trackImportEdits'

/**
 * News articles: drafts (with autosave and version history) until an editor publishes or schedules them;
 * anonymous readers only ever see published ones.
 */
export const Articles: CollectionConfig<'articles'> = {
  slug: 'articles',
  access: {
    create: canCreateArticle,
    delete: isEditor,
    read: publishedPreviewedOrAuthenticated,
    readVersions: authenticated,
    update: isEditorOrOwnAuthor,
  },
  admin: {
    components: {
      // The Schedule drawer of a never-published story opens on "Publish" (payloadcms/payload#11001).
      edit: { PublishButton: '../collections/Articles/components/PublishButton#PublishButton' },
    },
    defaultColumns: ['title', 'authors', '_status', 'publishedAt', 'updatedAt'],
    // The draft on the public site beside the form, at the widths readers use, refreshed on every (auto)save.
    livePreview: {
      breakpoints: [
        { name: 'mobile', height: 740, label: 'Mobile', width: 375 },
        { name: 'tablet', height: 1024, label: 'Tablet', width: 768 },
        { name: 'desktop', height: 900, label: 'Desktop', width: 1440 },
      ],
      url: adminLivePreviewUrl,
    },
    // The Preview button opens the latest draft on the public site, with a preview token minted for it.
    preview: adminPreviewUrl,
    useAsTitle: 'title',
  },
  defaultPopulate: {
    slug: true,
    title: true,
  },
  endpoints: [previewEndpoint],
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
    },
    searchKeyField({ from: 'title' }),
    slugField({ fallbackPrefix: 'article', from: 'title' }),
    {
      name: 'excerpt',
      type: 'textarea',
      admin: {
        description: 'The dek. Left empty, it is taken from the first paragraph (at most 300 characters).',
      },
    },
    {
      name: 'heroImage',
      type: 'upload',
      relationTo: 'media',
    },
    {
      name: 'content',
      type: 'richText',
    },
    contentHtmlField(),
    contentTextField(),
    {
      name: 'authors',
      type: 'relationship',
      admin: {
        description: 'In byline order: the first is the primary author.',
        position: 'sidebar',
      },
      hasMany: true,
      index: true,
      relationTo: 'authors',
    },
    {
      name: 'tags',
      type: 'relationship',
      admin: {
        position: 'sidebar',
      },
      hasMany: true,
      index: true,
      relationTo: 'tags',
    },
    publishedAtField(),
    {
      name: 'wordCount',
      type: 'number',
      admin: {
        description: 'Computed from the body on every save.',
        position: 'sidebar',
        readOnly: true,
      },
      // Whole numbers: GraphQL types them Int (src/graphqlWholeNumbers.ts).
      custom: WHOLE_NUMBER,
    },
    {
      name: 'readingTime',
      type: 'number',
      admin: {
        description: 'Minutes, computed from the word count on every save.',
        position: 'sidebar',
        readOnly: true,
      },
      // Whole numbers: GraphQL types them Int (src/graphqlWholeNumbers.ts).
      custom: WHOLE_NUMBER,
    },
    importSourceField(),
    jsonLdField(),
  ],
  hooks: {
    // The sweep after the announcement: it deletes other, empty drafts (a Payload autosave workaround).
    afterChange: [announceArticleChange, sweepAbandonedDrafts],
    afterDelete: [announceArticleDelete],
    afterRead: [orderRenditions],
    beforeChange: [
      defaultByline,
      requireOwnByline,
      computeReadingTime,
      defaultExcerpt,
      setPublishedAt,
      trackImportEdits,
    ],
    // After the input checks every collection runs first (plugins/apiGuards).
    beforeOperation: [preventWriterPublishing, readPublishedForReaders],
  },
  // Deleting from the admin panel moves an article to the trash, where it can be restored. The importer
  // leaves trashed articles alone, so a story taken down does not come back with the next import.
  trash: true,
  versions: {
    drafts: {
      // Autosave waits for this pause in typing (ms), then saves the draft; the live preview re-renders from each
      // save, so a short pause keeps it in step with the editor. Drafts announce no content change: no cache drop.
      autosave: { interval: 400 },
      schedulePublish: true,
    },
    maxPerDoc: 50,
  },
}

import type { CollectionConfig, ImageSize } from 'payload'

import type { Media as MediaDoc } from '../src/payload-types'

import { anyone } from '../access/anyone'
import { authenticated } from '../access/authenticated'
import { isEditor } from '../access/roles'
import { getSettings } from '../src/settings'
import { announcePublicChanges, referencesTo } from './hooks/announceChange'

/** An image appears on the published articles it illustrates (hero, SEO image) and on the authors it portrays. */
const announced = announcePublicChanges<MediaDoc>({
  affects: async ({ doc, req }) => [
    ...(await referencesTo({
      collection: 'articles',
      req,
      where: { or: [{ heroImage: { equals: doc.id } }, { 'meta.image': { equals: doc.id } }] },
    })),
    ...(await referencesTo({ collection: 'authors', req, where: { avatar: { equals: doc.id } } })),
  ],
  collection: 'media',
})

/** The sizes sharp makes of each upload (see {@link Media}). */
const IMAGE_SIZES: ImageSize[] = [
  { name: 'thumbnail', height: 300, position: 'centre', width: 400 },
  { name: 'card', width: 768 },
  { name: 'hero', width: 1600 },
]

/**
 * Images for articles and authors. Raster images only: SVG can carry scripts, so it is not accepted. sharp
 * makes the listed sizes on upload (widths in CSS pixels for common layouts: list thumbnails, cards, full-width
 * heroes); the original is kept.
 */
export const Media: CollectionConfig<'media'> = {
  slug: 'media',
  access: {
    create: authenticated,
    delete: isEditor,
    read: anyone,
    update: isEditor,
  },
  admin: {
    defaultColumns: ['filename', 'alt', 'credit', 'updatedAt'],
    useAsTitle: 'alt',
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      admin: { description: 'Describes the image for readers who cannot see it.' },
      required: true,
    },
    {
      name: 'caption',
      type: 'textarea',
    },
    {
      name: 'credit',
      type: 'text',
      admin: { description: 'Photographer or agency, e.g. "Jane Doe / AFP".' },
    },
  ],
  // A file's URL, and each size's, is made on read from its filename: a read whose select names `url` but not
  // `filename` (GraphQL's `heroImage { url }`, REST's populate) would otherwise get a null URL.
  forceSelect: {
    filename: true,
    sizes: Object.fromEntries(IMAGE_SIZES.map(({ name }) => [name, { filename: true }])),
  },
  hooks: {
    afterChange: [announced.afterChange],
    afterDelete: [announced.afterDelete],
  },
  upload: {
    adminThumbnail: 'thumbnail',
    focalPoint: true,
    imageSizes: IMAGE_SIZES,
    mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'],
    // MEDIA_DIR; a volume in docker-compose.yml.
    staticDir: getSettings().mediaDir,
  },
}

import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { Articles } from '../collections/Articles'
import { Authors } from '../collections/Authors'
import { Media } from '../collections/Media'
import { Tags } from '../collections/Tags'
import { Users } from '../collections/Users'
import { databaseAdapter, databaseTargetFromEnv } from './database'
import { jobsAutoRun } from './jobs'
import { resolvePayloadSecret } from './secret'
import { validateCanonicalUrl } from '../fields/canonicalUrl'

const dirname = path.dirname(fileURLToPath(import.meta.url))
const isProduction = process.env.NODE_ENV === 'production'
const { secret, warning } = resolvePayloadSecret({
  isBuild: process.env.NEXT_PHASE === 'phase-production-build',
  isProduction,
  secret: process.env.PAYLOAD_SECRET,
})

export default buildConfig({
  admin: {
    avatar: 'default',
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ' — Newsdesk' },
    user: Users.slug,
  },
  collections: [Articles, Authors, Media, Tags, Users],
  db: databaseAdapter(databaseTargetFromEnv()),
  editor: lexicalEditor(),
  graphQL: {
    disablePlaygroundInProduction: true,
  },
  jobs: {
    autoRun: jobsAutoRun,
  },
  onInit: (payload) => {
    if (warning) {
      payload.logger.warn({ msg: warning })
    }
  },
  plugins: [
    seoPlugin({
      collections: [Articles.slug],
      fields: ({ defaultFields }) => [
        ...defaultFields,
        {
          name: 'canonicalUrl',
          type: 'text',
          admin: { description: 'Where this story first ran, when it is syndicated; empty for our own URL.' },
          validate: validateCanonicalUrl,
        },
      ],
      generateDescription: ({ doc }) => (doc as { excerpt?: string }).excerpt ?? '',
      generateTitle: ({ doc }) => `${(doc as { title?: string }).title ?? ''} — Newsdesk`,
      uploadsCollection: Media.slug,
    }),
  ],
  secret,
  sharp,
  telemetry: false,
  typescript: {
    // Generated on purpose (`npm run generate:types`, on the default SQLite: numeric ids), never as a side effect
    // of a development server, which would rewrite the committed file with MongoDB's string ids.
    autoGenerate: false,
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
})

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { Articles } from '../collections/Articles'
import { Authors } from '../collections/Authors'
import { Users } from '../collections/Users'
import { databaseAdapter, databaseTargetFromEnv } from './database'
import { resolvePayloadSecret } from './secret'

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
  collections: [Articles, Authors, Users],
  db: databaseAdapter(databaseTargetFromEnv()),
  editor: lexicalEditor(),
  graphQL: {
    disablePlaygroundInProduction: true,
  },
  onInit: (payload) => {
    if (warning) {
      payload.logger.warn({ msg: warning })
    }
  },
  secret,
  sharp,
  telemetry: false,
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
})

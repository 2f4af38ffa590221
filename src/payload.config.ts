import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import { build } from 'pino-pretty'
import sharp from 'sharp'

import { PreviewTokenRefused } from '../access/previewClaim'
import { Articles } from '../collections/Articles'
import { Authors } from '../collections/Authors'
import { Media } from '../collections/Media'
import { Tags } from '../collections/Tags'
import { Users } from '../collections/Users'
import { FAILED_LOGIN_MESSAGE } from '../collections/Users/hooks/equaliseFailedLogins'
import { WebhookDeliveries } from '../collections/WebhookDeliveries'
import { Webhooks } from '../collections/Webhooks'
import { publicDocumentEndpoints } from '../endpoints'
import { validateCanonicalUrl } from '../fields/canonicalUrl'
import { apiGuards, guardPayloadCollections } from '../plugins/apiGuards'
import { SEO_TITLE_MAX_LENGTH, seoDescription, seoTitle } from '../utilities/seoMeta'
import { databaseAdapter } from './database'
import { dropHiddenFields } from './graphqlHiddenFields'
import { graphqlValidationRules } from './graphqlLimits'
import { retypeWholeNumbers } from './graphqlWholeNumbers'
import { jobsAutoRun } from './jobs'
import { openApiEndpoints } from './openapi/endpoints'
import { getSettings } from './settings'
import { deliverWebhookTask } from './webhooks/deliver'
import { subscribeWebhooks } from './webhooks/queue'

const dirname = path.dirname(fileURLToPath(import.meta.url))
const settings = getSettings()
const cors = settings.corsOrigins

export default buildConfig({
  admin: {
    avatar: 'default',
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ` — ${settings.site.name}` },
    user: Users.slug,
  },
  collections: [Articles, Authors, Media, Tags, Users, Webhooks, WebhookDeliveries],
  cors,
  // Cookie-authenticated requests are accepted only from these origins.
  csrf: cors === '*' ? [] : cors,
  // A request may populate relationships at most 5 levels deep; by default, one.
  db: databaseAdapter(settings.database),
  defaultDepth: 1,
  editor: lexicalEditor(),
  // Feeds, sitemaps and robots.txt under /api/public (src/http/publicDocuments.ts serves them at the root too),
  // and GET /api/openapi.json (src/openapi).
  endpoints: [...publicDocumentEndpoints, ...openApiEndpoints()],
  graphQL: {
    disableIntrospectionInProduction: true,
    disablePlaygroundInProduction: true,
    // The heaviest real query, a full article page with images, byline, tags and SEO, measures 81
    // (tests/int/graphqlLimits.int.spec.ts); 200 leaves room for growth and stops alias floods.
    maxComplexity: 200,
    // Adds no query: types the whole-number fields Int (src/graphqlWholeNumbers.ts) and leaves hidden fields out
    // (src/graphqlHiddenFields.ts).
    queries: (graphQL, context) => ({ ...retypeWholeNumbers(graphQL, context), ...dropHiddenFields(graphQL, context) }),
    // Depth apart from cost (src/graphqlLimits.ts).
    validationRules: graphqlValidationRules,
  },
  // Every failed login gets one answer (collections/Users/hooks/equaliseFailedLogins.ts).
  i18n: { translations: { en: { error: { emailOrPasswordIncorrect: FAILED_LOGIN_MESSAGE } } } },
  // Payload's own log lines at LOG_LEVEL, pretty only outside production (its default is pretty everywhere).
  jobs: {
    autoRun: jobsAutoRun,
    // Webhook deliveries (src/webhooks): queued in the write's transaction, run as it ends.
    tasks: [deliverWebhookTask],
  },
  logger: settings.isProduction
    ? { options: { level: settings.logLevel } }
    : {
        destination: build({ colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }),
        options: { level: settings.logLevel },
      },
  // A client's expired or altered preview token is logged as Payload logs a 403: one info line, no stack.
  loggingLevels: { [PreviewTokenRefused.name]: 'info' },
  maxDepth: 5,
  onInit: (payload) => {
    if (settings.secret.warning) {
      payload.logger.warn({ msg: settings.secret.warning })
    }
    // Here, so every process that writes (server, admin, importer, scripts) sends webhooks.
    subscribeWebhooks()
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
      // Within the lengths the plugin's own indicator flags (utilities/seoMeta.ts).
      generateDescription: ({ doc }) => seoDescription((doc as { excerpt?: string }).excerpt),
      generateTitle: ({ doc }) =>
        seoTitle((doc as { title?: string }).title ?? '', SEO_TITLE_MAX_LENGTH, settings.site.name),
      uploadsCollection: Media.slug,
    }),
    // Last, so that collections other plugins add get the guards too.
    apiGuards(),
  ],
  secret: settings.secret.value,
  // Required by the production server (src/server.ts); scripts such as the seed run without it.
  serverURL: settings.serverUrl,
  sharp,
  telemetry: false,
  typescript: {
    // Generated on purpose (`npm run generate:types`, on the default SQLite: numeric ids), never as a side effect
    // of a development server, which would rewrite the committed file with MongoDB's string ids.
    autoGenerate: false,
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
}).then(guardPayloadCollections)

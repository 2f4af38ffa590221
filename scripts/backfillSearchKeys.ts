/**
 * `npm run backfill:search`: fills the search keys of documents saved before they existed (see
 * src/searchKeyBackfill.ts). Run once on a MongoDB database after deploying; on SQLite the migration does it.
 * Run through `payload run`, which loads .env the way the app does.
 */
import { getPayload } from 'payload'

import config from '../src/payload.config'
import { backfillSearchKeys } from '../src/searchKeyBackfill'

const payload = await getPayload({ config })
const written = await backfillSearchKeys(payload)
payload.logger.info({ msg: `search keys: ${written} documents and versions filled`, written })
await payload.destroy()
process.exit(0)

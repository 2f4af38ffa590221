/**
 * `npm run seed`: imports the sample documents in seed/documents/ (or the paths given after `--`), with the
 * same options as `npm run import`. Run through `payload run`, which loads .env the way the app does.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { runImportCli } from './cli'

const here = path.dirname(fileURLToPath(import.meta.url))
await runImportCli({ name: 'seed', argv: process.argv.slice(2), defaultPaths: [path.join(here, '..', 'documents')] })

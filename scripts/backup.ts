/**
 * `npm run backup -- <folder>`: a consistent copy of the SQLite database (VACUUM INTO, safe while the app runs)
 * and the media folder, checked with PRAGMA integrity_check, with a manifest. MongoDB: see the README
 * (mongodump --oplog).
 *
 * Exit codes: 0 written and checked; 1 refused (not SQLite, folder not empty) or the copy failed its check.
 */
import { createClient } from '@libsql/client'
import nextEnv from '@next/env'
import { createHash } from 'node:crypto'
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { loadSettings } from '../src/settings'
import { integrityOf, MANIFEST } from './backupFormat'

// The same .env files the server reads.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production')

const destination = path.resolve(
  process.argv[2] ?? `backups/newsdesk-${new Date().toISOString().replace(/[:.]/g, '-')}`,
)
const settings = loadSettings({ role: 'tool' })
const target = settings.database
if (target.kind !== 'sqlite') {
  process.stderr.write('backup: DATABASE_URI is MongoDB; back it up with mongodump --oplog (see README).\n')
  process.exit(1)
}
await mkdir(destination, { recursive: true })
if ((await readdir(destination)).length > 0) {
  process.stderr.write(`backup: ${destination} is not empty; choose a new folder.\n`)
  process.exit(1)
}

const databaseCopy = path.join(destination, 'newsdesk.db')
const source = createClient({ url: target.url })
await source.execute({ args: [databaseCopy], sql: 'VACUUM INTO ?' })
source.close()

const integrity = await integrityOf(databaseCopy)
if (integrity !== 'ok') {
  process.stderr.write(`backup: the copy failed PRAGMA integrity_check: ${integrity}\n`)
  process.exit(1)
}
const media = settings.mediaDir
const hasMedia = (await readdir(media).catch(() => [])).length > 0
if (hasMedia) {
  await cp(media, path.join(destination, 'media'), { recursive: true })
}
const sha256 = createHash('sha256')
  .update(await readFile(databaseCopy))
  .digest('hex')
await writeFile(
  path.join(destination, MANIFEST),
  `${JSON.stringify({ createdAt: new Date().toISOString(), database: 'newsdesk.db', hasMedia, sha256, source: target.filePath }, null, 2)}\n`,
)
process.stdout.write(`backup: written to ${destination} (integrity ok, sha256 ${sha256.slice(0, 12)}…)\n`)

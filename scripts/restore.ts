/**
 * `npm run restore -- <backup folder>`: puts a backup made by `npm run backup` back in place. The database file is
 * replaced, not merged, so it refuses while any other process has the file open (the server, an import: every
 * Payload process holds it, src/databaseLock.ts), naming them and how to stop them. Under load, a restore beside
 * a running server rolled back writes it had acknowledged and reissued their ids. The backup is checked (manifest
 * checksum, integrity_check) before anything is touched; the new file is moved into place in one rename, and the
 * media folder is replaced. MongoDB is refused: mongorestore restores it (README).
 *
 * Exit codes: 0 restored; 1 refused (not SQLite, not a backup, failed check, database in use).
 */
import nextEnv from '@next/env'
import { createHash } from 'node:crypto'
import { copyFile, cp, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'

import type { Manifest } from './backupFormat'

import { assertDatabaseNotInUse, DatabaseInUseError } from '../src/databaseLock'
import { loadSettings } from '../src/settings'
import { integrityOf, MANIFEST } from './backupFormat'

// The same .env files the server reads.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production')

const source = process.argv[2] ? path.resolve(process.argv[2]) : undefined
const settings = loadSettings({ role: 'tool' })
const target = settings.database
// A declaration, not an arrow: TypeScript narrows after calls to a declared `never` function only.
function fail(message: string): never {
  process.stderr.write(`restore: ${message}\n`)
  process.exit(1)
}
if (!source) {
  fail('name the backup folder: npm run restore -- backups/<folder>')
}
if (target.kind !== 'sqlite') {
  fail('DATABASE_URI is MongoDB; restore it with mongorestore --oplogReplay (see README).')
}
const databaseFile = target.filePath
const refuseIfInUse = async (onRefusal: () => Promise<void> = async () => {}): Promise<void> => {
  try {
    await assertDatabaseNotInUse(databaseFile)
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) {
      throw error
    }
    await onRefusal()
    fail(error.message)
  }
}
// Before the checks, which read the whole backup; again just before the swap, for a process started meanwhile.
await refuseIfInUse()
const manifest = JSON.parse(
  await readFile(path.join(source, MANIFEST), 'utf8').catch(() => fail(`${source} has no ${MANIFEST}: not a backup`)),
) as Manifest
const backupFile = path.join(source, manifest.database)
const sha256 = createHash('sha256')
  .update(await readFile(backupFile))
  .digest('hex')
if (sha256 !== manifest.sha256) {
  fail(`${backupFile} does not match its manifest checksum: the backup is damaged`)
}
const integrity = await integrityOf(backupFile)
if (integrity !== 'ok') {
  fail(`${backupFile} failed PRAGMA integrity_check: ${integrity}`)
}

const staged = `${databaseFile}.restoring`
await copyFile(backupFile, staged)
await refuseIfInUse(() => rm(staged, { force: true }))
await Promise.all(['-wal', '-shm'].map((suffix) => rm(`${databaseFile}${suffix}`, { force: true })))
await rename(staged, databaseFile)
const media = settings.mediaDir
await rm(media, { force: true, recursive: true })
if (manifest.hasMedia) {
  await cp(path.join(source, 'media'), media, { recursive: true })
}
process.stdout.write(`restore: ${databaseFile} restored from ${source} (backup of ${manifest.createdAt})\n`)

/**
 * `npm run restore -- <backup folder>`: puts a backup made by `npm run backup` back in place. Stop the app first:
 * the database file is replaced, not merged. The backup is checked (manifest checksum, integrity_check) before
 * anything is touched; the new file is moved into place in one rename, and the media folder is replaced.
 *
 * Exit codes: 0 restored; 1 refused (not SQLite, not a backup, failed check).
 */
import nextEnv from '@next/env'
import { createHash } from 'node:crypto'
import { copyFile, cp, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'

import type { Manifest } from './backupFormat'

import { loadSettings } from '../src/settings'
import { integrityOf, MANIFEST } from './backupFormat'

// The same .env files the server reads.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production')

const source = process.argv[2] ? path.resolve(process.argv[2]) : undefined
const settings = loadSettings({ role: 'tool' })
const target = settings.database
const fail = (message: string): never => {
  process.stderr.write(`restore: ${message}\n`)
  process.exit(1)
}
if (!source) {
  fail('name the backup folder: npm run restore -- backups/<folder>')
}
if (target.kind !== 'sqlite') {
  fail('DATABASE_URI is MongoDB; restore it with mongorestore --oplogReplay (see README).')
}
const manifest = JSON.parse(
  await readFile(path.join(source!, MANIFEST), 'utf8').catch(() => fail(`${source} has no ${MANIFEST}: not a backup`)),
) as Manifest
const backupFile = path.join(source!, manifest.database)
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

if (target.kind === 'sqlite') {
  const staged = `${target.filePath}.restoring`
  await copyFile(backupFile, staged)
  await Promise.all(['-wal', '-shm'].map((suffix) => rm(`${target.filePath}${suffix}`, { force: true })))
  await rename(staged, target.filePath)
}
const media = settings.mediaDir
await rm(media, { force: true, recursive: true })
if (manifest.hasMedia) {
  await cp(path.join(source!, 'media'), media, { recursive: true })
}
process.stdout.write(
  `restore: ${target.kind === 'sqlite' ? target.filePath : ''} restored from ${source} (backup of ${manifest.createdAt})\n`,
)

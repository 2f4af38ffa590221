import { createClient } from '@libsql/client'
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import type { TestPayload } from '../helpers/payload'

import { importDocuments } from '../../seed/importDocuments'
import { startPayload } from '../helpers/payload'
import { run, start } from '../helpers/process'
import { SAMPLE, samplePath } from '../helpers/sample'

// The SQLite drill: seed → backup → change → restore → the data is as it was. Tagged: MongoDB is backed up with
// mongodump --oplog (README), not by these scripts.
//
// This process keeps the test database open once Payload has used it, even after payload.destroy(): libsql
// 0.4.7 keeps the file handle of every connection that ran a statement until the process ends
// (tursodatabase/libsql-js#230). Restore rightly refuses such a file, so restores go to a copy this process
// has never opened, `offline`, as onto the disk of a stopped server, and are read back with plain SQL.
let ctx: TestPayload
let workDir: string
let mediaDir: string
let live: string
let offline: string

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-backup-'))
  mediaDir = path.join(workDir, 'media')
  process.env.MEDIA_DIR = mediaDir
  offline = path.join(workDir, 'offline.db')
})

afterAll(async () => {
  await rm(workDir, { force: true, recursive: true })
})

const script = (name: 'backup' | 'restore', folder: string, database = `file:${offline}`) =>
  run({
    args: ['run', name, '--', folder],
    command: 'npm',
    env: { DATABASE_URI: database, MEDIA_DIR: mediaDir },
  })

/**
 * Copies the live database to a new file through SQLite, in another process (a backup, then its file moved). Not
 * with fs: a process that opens and closes a database file outside SQLite drops every SQLite lock it holds on it
 * (POSIX advisory locks, https://www.sqlite.org/howtocorrupt.html section 2.2), and this one holds the live file.
 */
let copies = 0
const copyLive = async (copy: string) => {
  copies += 1
  const folder = path.join(workDir, `copy-${copies}`)
  expect((await script('backup', folder, `file:${live}`)).code).toBe(0)
  await rename(path.join(folder, 'newsdesk.db'), copy)
}

/** What a backup must bring back, read with plain SQL from a database file. */
const snapshot = async (file: string) => {
  const client = createClient({ url: `file:${file}` })
  try {
    const articles = await client.execute('SELECT id, title, slug, _status, updated_at FROM articles ORDER BY id')
    const media = await client.execute('SELECT id, filename, alt FROM media ORDER BY id')
    return {
      articles: articles.rows.map((row) => Object.values(row)),
      files: (await readdir(mediaDir)).sort(),
      media: media.rows.map((row) => Object.values(row)),
    }
  } finally {
    client.close()
  }
}

it('should restore exactly what was backed up, media included [sqlite]', async () => {
  ctx = await startPayload('backup', { keepData: true })
  live = process.env.DATABASE_URI!.slice('file:'.length)
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const image = await sharp({ create: { background: '#884422', channels: 3, height: 300, width: 500 } })
    .png()
    .toBuffer()
  await ctx.payload.create({
    collection: 'media',
    data: { alt: 'Before' },
    file: { name: 'before.png', data: image, mimetype: 'image/png', size: image.length },
  })
  const before = await snapshot(live)
  const folder = path.join(workDir, 'backup-1')

  const backup = await script('backup', folder, `file:${live}`)
  expect(backup.code).toBe(0)
  expect(JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ hasMedia: true })

  await ctx.payload.update({ collection: 'articles', data: { title: 'Changed after the backup' }, where: {} })
  await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'published', title: 'Written after the backup' },
  })
  await writeFile(path.join(mediaDir, 'stray.txt'), 'added after the backup')
  await ctx.stop()
  await copyLive(offline)

  const restore = await script('restore', folder)
  expect(restore.code).toBe(0)

  expect(await snapshot(offline)).toEqual(before)
  expect(before.articles.map((row) => row[1])).toEqual([SAMPLE.title])
})

it('should refuse to restore a damaged backup and leave the database alone [sqlite]', async () => {
  const folder = path.join(workDir, 'backup-2')
  expect((await script('backup', folder, `file:${live}`)).code).toBe(0)
  const file = path.join(folder, 'newsdesk.db')
  const bytes = await readFile(file)
  bytes[bytes.length - 100] ^= 0xff
  await writeFile(file, bytes)
  const offlineBefore = await readFile(offline)
  const restore = await script('restore', folder)
  expect(restore.code).toBe(1)
  expect(restore.output).toContain('does not match its manifest checksum')
  expect((await readFile(offline)).equals(offlineBefore)).toBe(true)
})

it('should refuse to write a backup into a folder that is not empty [sqlite]', async () => {
  const folder = path.join(workDir, 'backup-1')
  const backup = await script('backup', folder)
  expect(backup.code).toBe(1)
  expect(backup.output).toContain('is not empty')
})

/** The database's bytes on disk: the file and its WAL. */
const bytesOf = async (file: string) =>
  Buffer.concat([await readFile(file), await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))])

// What the server does (src/database.ts holds the file from connect), in a process of its own.
const HOLD = `
import { holdDatabase } from './src/databaseLock.ts'
holdDatabase(process.env.DATABASE_FILE)
console.log('held')
setInterval(() => {}, 60_000)
`

// Regression: restore ran beside a running server; under load it rolled back 154 acknowledged creates and their
// ids were issued again. Every Payload process now holds the file, and restore refuses while one does.
it('should refuse to restore while another process holds the database, leave it unchanged, and restore once it has stopped [sqlite]', async () => {
  // A file this process has never opened (the snapshot above left one on `offline`).
  const database = path.join(workDir, 'held.db')
  await copyLive(database)
  const holder = start({
    args: ['--import', 'tsx/esm', '--input-type=module', '-e', HOLD],
    command: process.execPath,
    env: { DATABASE_FILE: database },
  })
  while (!holder.output().includes('held')) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const databaseBefore = await bytesOf(database)

  const refused = await script('restore', path.join(workDir, 'backup-1'), `file:${database}`)
  const databaseAfter = await bytesOf(database)
  const leftBehind = await readdir(workDir)
  holder.process.kill('SIGKILL')
  await holder.finished
  const restored = await script('restore', path.join(workDir, 'backup-1'), `file:${database}`)

  expect(refused.code).toBe(1)
  expect(refused.output).toContain(`restore: ${database} is in use: SQLite refused an exclusive lock (SQLITE_BUSY)`)
  expect(refused.output).toContain(`held by pid ${holder.process.pid} (`)
  expect(refused.output).toContain('Stop every process using the database first')
  expect(databaseAfter.equals(databaseBefore)).toBe(true)
  expect(leftBehind).not.toContain('held.db.restoring')
  expect(restored.code).toBe(0)
})

/** A file's identity and last change, read without opening it (see copyLive). */
const fingerprint = async (file: string) =>
  Promise.all(
    [file, `${file}-wal`].map(async (name) => {
      const found = await stat(name).catch(() => undefined)
      return found && { ino: found.ino, mtimeMs: found.mtimeMs, size: found.size }
    }),
  )

it('should refuse to restore over a database a Payload instance of another process has open [sqlite]', async () => {
  ctx = await startPayload('backup', { keepData: true })
  const liveBefore = await fingerprint(live)

  const restore = await script('restore', path.join(workDir, 'backup-1'), `file:${live}`)
  const liveAfter = await fingerprint(live)
  await ctx.stop()

  expect(restore.code).toBe(1)
  expect(restore.output).toContain(`${live} is in use`)
  expect(restore.output).toContain(`held by pid ${process.pid} (`)
  expect(liveAfter).toStrictEqual(liveBefore)
})

it('should refuse a MongoDB database and point to mongorestore', async () => {
  const restore = await script('restore', path.join(workDir, 'backup-1'), 'mongodb://127.0.0.1:27017/newsdesk')
  expect(restore.code).toBe(1)
  expect(restore.output).toContain('restore it with mongorestore --oplogReplay')
})

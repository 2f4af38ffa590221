import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import type { TestPayload } from '../helpers/payload'

import { importDocuments } from '../../seed/importDocuments'
import { startPayload } from '../helpers/payload'
import { run } from '../helpers/process'
import { SAMPLE, samplePath } from '../helpers/sample'

// The SQLite drill: seed → backup → change → restore → the data is as it was. Tagged: MongoDB is backed up with
// mongodump --oplog (README), not by these scripts.
let ctx: TestPayload
let workDir: string
let mediaDir: string

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-backup-'))
  mediaDir = path.join(workDir, 'media')
  process.env.MEDIA_DIR = mediaDir
})

afterAll(async () => {
  await rm(workDir, { force: true, recursive: true })
})

const script = (name: 'backup' | 'restore', folder: string) =>
  run({
    args: ['run', name, '--', folder],
    command: 'npm',
    env: { DATABASE_URI: process.env.DATABASE_URI, MEDIA_DIR: mediaDir },
  })

const snapshot = async (payload: TestPayload['payload']) => {
  const articles = await payload.find({ collection: 'articles', depth: 0, draft: true, limit: 100, sort: 'id' })
  const media = await payload.find({ collection: 'media', depth: 0, limit: 100, sort: 'id' })
  return {
    articles: articles.docs.map((doc) => [doc.id, doc.title, doc.slug, doc._status, doc.updatedAt]),
    files: (await readdir(mediaDir)).sort(),
    media: media.docs.map((doc) => [doc.id, doc.filename, doc.alt]),
  }
}

it('should restore exactly what was backed up, media included [sqlite]', async () => {
  ctx = await startPayload('backup', { keepData: true })
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const image = await sharp({ create: { background: '#884422', channels: 3, height: 300, width: 500 } })
    .png()
    .toBuffer()
  await ctx.payload.create({
    collection: 'media',
    data: { alt: 'Before' },
    file: { name: 'before.png', data: image, mimetype: 'image/png', size: image.length },
  })
  const before = await snapshot(ctx.payload)
  const folder = path.join(workDir, 'backup-1')

  const backup = await script('backup', folder)
  expect(backup.code).toBe(0)
  expect(JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ hasMedia: true })

  await ctx.payload.update({ collection: 'articles', data: { title: 'Changed after the backup' }, where: {} })
  await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'published', title: 'Written after the backup' },
  })
  await writeFile(path.join(mediaDir, 'stray.txt'), 'added after the backup')
  await ctx.stop()

  const restore = await script('restore', folder)
  expect(restore.code).toBe(0)

  ctx = await startPayload('backup')
  const after = await snapshot(ctx.payload)
  await ctx.stop()
  expect(after).toEqual(before)
  expect(before.articles.map((row) => row[1])).toEqual([SAMPLE.title])
})

it('should refuse to restore a damaged backup and leave the database alone [sqlite]', async () => {
  const folder = path.join(workDir, 'backup-2')
  ctx = await startPayload('backup', { keepData: true })
  await ctx.stop()
  expect((await script('backup', folder)).code).toBe(0)
  const file = path.join(folder, 'newsdesk.db')
  const bytes = await readFile(file)
  bytes[bytes.length - 100] ^= 0xff
  await writeFile(file, bytes)
  const live = process.env.DATABASE_URI!.slice('file:'.length)
  const liveBefore = await readFile(live)
  const restore = await script('restore', folder)
  expect(restore.code).toBe(1)
  expect(restore.output).toContain('does not match its manifest checksum')
  expect((await readFile(live)).equals(liveBefore)).toBe(true)
})

it('should refuse to write a backup into a folder that is not empty [sqlite]', async () => {
  const folder = path.join(workDir, 'backup-1')
  const backup = await script('backup', folder)
  expect(backup.code).toBe(1)
  expect(backup.output).toContain('is not empty')
})

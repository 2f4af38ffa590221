import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { TestPayload } from '../helpers/payload'

import { startPayload } from '../helpers/payload'
import { run } from '../helpers/process'
import { SAMPLE } from '../helpers/sample'

// `npm run seed` runs in its own process through `payload run`: these tests check its exit code AND its effect,
// because on Node 20 such a script has been seen to exit 0 without doing its work.
let ctx: TestPayload
let badDir: string

beforeAll(async () => {
  ctx = await startPayload('seedscript')
  badDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-bad-'))
  await writeFile(path.join(badDir, 'a-headline-only.txt'), 'Just a headline\n')
})

afterAll(async () => {
  await ctx.stop()
  await rm(badDir, { force: true, recursive: true })
})

const seed = (args: string[] = []) =>
  run({ args: ['run', 'seed', '--', ...args], command: 'npm', env: { DATABASE_URI: process.env.DATABASE_URI } })

it('should import the sample, exit 0 and leave the article in the database', async () => {
  const result = await seed()
  expect(result.output).toContain('1 created, 0 updated, 0 unchanged, 0 conflict, 0 failed')
  expect(result.code).toBe(0)
  const { docs } = await ctx.payload.find({ collection: 'articles', where: { slug: { equals: SAMPLE.slug } } })
  expect(docs.map((doc) => [doc.title, doc.wordCount, doc.readingTime])).toEqual([
    [SAMPLE.title, SAMPLE.wordCount, SAMPLE.readingTime],
  ])
})

it('should report unchanged and exit 0 on a second run', async () => {
  const result = await seed()
  expect(result.output).toContain('0 created, 0 updated, 1 unchanged, 0 conflict, 0 failed')
  expect(result.code).toBe(0)
})

it('should exit 1 and name the file and line of a document it cannot parse', async () => {
  const result = await seed([badDir])
  expect(result.code).toBe(1)
  expect(result.output).toMatch(/failed\s+\S*a-headline-only\.txt:2\s+empty body/)
})

it('should exit 2 with one line naming a folder that does not exist', async () => {
  const missing = path.join(badDir, 'no-such-folder')
  const result = await seed([missing])
  expect(result.code).toBe(2)
  expect(result.output).toContain(`seed: cannot read ${missing} (ENOENT)`)
  expect(result.output).not.toContain('    at ')
})

it('should exit 2 and say so when the folder holds no document', async () => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-empty-'))
  const result = await seed([empty])
  await rm(empty, { recursive: true })
  expect(result.code).toBe(2)
  expect(result.output).toContain(`seed: no document (.htm, .html, .markdown, .md, .txt) in ${empty}`)
})

it('should refuse a document that is not UTF-8, naming the file and line', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-latin1-'))
  await writeFile(path.join(dir, 'latin1.txt'), Buffer.from('Title\n\nCaf\xe9 cr\xe8me\n', 'latin1'))
  const result = await seed([dir])
  await rm(dir, { recursive: true })
  expect(result.code).toBe(1)
  expect(result.output).toMatch(/failed\s+\S*latin1\.txt:3\s+not valid UTF-8/)
})

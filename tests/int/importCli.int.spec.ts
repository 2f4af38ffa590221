import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { TestPayload } from '../helpers/payload'

import { startPayload, throwawayDatabaseUri } from '../helpers/payload'
import { run } from '../helpers/process'
import { projectRoot } from '../helpers/sample'

// `npm run import` and `npm run export` as an operator runs them: separate processes, checked by exit code AND
// by their effect on the database, since on Node 20 such a script has been seen to exit 0 without working.
let ctx: TestPayload
let workDir: string

beforeAll(async () => {
  ctx = await startPayload('importcli')
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-importcli-'))
})

afterAll(async () => {
  await ctx.stop()
  await rm(workDir, { force: true, recursive: true })
})

const good = 'tests/fixtures/import/good'
const bad = 'tests/fixtures/import/bad'
const expected = JSON.parse(readFileSync('tests/fixtures/import/expected.json', 'utf8')) as Record<string, unknown>
const GOOD = Object.keys(expected).filter((name) => name.startsWith('good/')).length
const BAD = Object.keys(expected).filter((name) => name.startsWith('bad/')).length
const npm = (script: string, args: string[], databaseUri = process.env.DATABASE_URI) =>
  run({ args: ['run', script, '--', ...args], command: 'npm', env: { DATABASE_URI: databaseUri } })
type Report = {
  documents: Array<{
    action: string
    error?: string
    file: string
    line?: number
    readingTime?: number
    slug?: string
    title?: string
    wordCount?: number
  }>
  isDryRun: boolean
  summary: Record<string, number>
}
const readReport = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Report

it('should plan with --dry-run: print each document’s parsed fields and action, write nothing, exit 0', async () => {
  const reportFile = path.join(workDir, 'dry.json')
  const result = await npm('import', [good, '--dry-run', '--report', reportFile])
  expect(result.code).toBe(0)
  expect(result.output).toContain(`import: ${GOOD} document(s) (dry run: nothing written): ${GOOD} created, 0 updated`)
  expect(result.output).toMatch(
    /created\s+tests\/fixtures\/import\/good\/two-authors\.txt\s+rabat-tram-extension-opens-to-riders\n\s+“Rabat tram extension opens to riders” · by Amina Bennani, Karim Idrissi · 17 words · 1 min read/,
  )
  const report = await readReport(reportFile)
  expect(report.isDryRun).toBe(true)
  expect(report.documents.map((document) => document.action)).toEqual(Array(GOOD).fill('created'))
  expect((await ctx.payload.count({ collection: 'articles' })).totalDocs).toBe(0)
  expect((await ctx.payload.count({ collection: 'authors' })).totalDocs).toBe(0)
})

it('should import good and bad files together, name each bad file and line, and exit 1', async () => {
  const reportFile = path.join(workDir, 'run.json')
  const result = await npm('import', [good, bad, '--report', reportFile])
  expect(result.code).toBe(1)
  expect(result.output).toMatch(/failed\s+tests\/fixtures\/import\/bad\/latin1\.txt:3\s+not valid UTF-8/)
  expect(result.output).toMatch(
    /failed\s+tests\/fixtures\/import\/bad\/unknown-key\.md:3\s+front matter: unknown field "subtitle"/,
  )
  expect(result.output).toContain(`${GOOD} created, 0 updated, 0 unchanged, 0 conflict, ${BAD} failed`)
  const report = await readReport(reportFile)
  expect(report.summary).toMatchObject({ created: GOOD, failed: BAD })
  expect((await ctx.payload.count({ collection: 'articles' })).totalDocs).toBe(GOOD)
})

it('should write nothing on a second run and say unchanged for each document', async () => {
  const before = await ctx.payload.find({ collection: 'articles', limit: 100, sort: 'id' })
  const result = await npm('import', [good])
  const after = await ctx.payload.find({ collection: 'articles', limit: 100, sort: 'id' })
  expect(result.code).toBe(0)
  expect(result.output).toContain(`0 created, 0 updated, ${GOOD} unchanged, 0 conflict, 0 failed`)
  expect(after.docs.map((doc) => doc.updatedAt)).toEqual(before.docs.map((doc) => doc.updatedAt))
})

it('should read paths relative to the folder the command was typed in', async () => {
  const result = await run({
    args: ['run', 'import', '--', 'fixtures/import/good', '--dry-run'],
    command: 'npm',
    cwd: path.join(projectRoot, 'tests'),
    env: { DATABASE_URI: process.env.DATABASE_URI },
  })
  expect(result.code).toBe(0)
  expect(result.output).toContain(`import: ${GOOD} document(s) (dry run: nothing written)`)
})

it('should refuse a report path it cannot write before importing anything, with exit 2', async () => {
  const result = await npm('import', [bad, '--report', path.join(workDir, 'no-such-folder', 'out.json')])
  expect(result.code).toBe(2)
  expect(result.output).toContain(`import: --report: the folder ${path.join(workDir, 'no-such-folder')} does not exist`)
  expect(result.output).not.toContain('failed ')
})

it('should refuse to import without transactions, on MongoDB without a replica set [mongodb]', async () => {
  const url = new URL(throwawayDatabaseUri('notransactions'))
  url.searchParams.delete('replicaSet')
  const result = await npm('import', [good], url.toString())
  expect(result.code).toBe(2)
  expect(result.output).toContain('the database runs without transactions')
  expect(result.output).not.toContain('created ')
})

it('should refuse an unknown option with the usage and exit 2', async () => {
  const result = await npm('import', ['--overwrite', good])
  expect(result.code).toBe(2)
  expect(result.output).toContain("Unknown option '--overwrite'")
  expect(result.output).toContain('usage: npm run import --')
})

it('should round-trip: importing the Markdown export into an empty database reproduces the same articles', async () => {
  const first = path.join(workDir, 'export-1')
  const second = path.join(workDir, 'export-2')
  const exported = await npm('export', [first])
  expect(exported.code).toBe(0)
  expect(exported.output).toContain(`export: ${GOOD} published article(s) written to ${first}`)

  const otherDatabase = throwawayDatabaseUri('roundtrip')
  const reportFile = path.join(workDir, 'roundtrip.json')
  const imported = await npm('import', [first, '--report', reportFile], otherDatabase)
  expect(imported.code).toBe(0)
  expect(imported.output).toContain(`${GOOD} created, 0 updated, 0 unchanged, 0 conflict, 0 failed`)
  const reexported = await npm('export', [second], otherDatabase)
  expect(reexported.code).toBe(0)

  // Same files, byte for byte: title, slug, authors, tags, dek, publication date and body survive the trip.
  const names = (await readdir(first)).sort()
  expect((await readdir(second)).sort()).toEqual(names)
  for (const name of names) {
    expect(await readFile(path.join(second, name), 'utf8')).toBe(await readFile(path.join(first, name), 'utf8'))
  }
  // And the derived values the second database computed match the first one's.
  const { docs } = await ctx.payload.find({ collection: 'articles', limit: 100 })
  const stored = Object.fromEntries(docs.map((doc) => [doc.slug, [doc.title, doc.wordCount, doc.readingTime]]))
  const report = await readReport(reportFile)
  expect(
    Object.fromEntries(
      report.documents.map((document) => [document.slug, [document.title, document.wordCount, document.readingTime]]),
    ),
  ).toEqual(stored)
  if (otherDatabase.startsWith('file:')) {
    await rm(otherDatabase.slice('file:'.length), { force: true })
  }
}, 120_000)

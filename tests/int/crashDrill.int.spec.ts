import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { TestPayload } from '../helpers/payload'

import { startPayload } from '../helpers/payload'
import { prng } from '../helpers/prng'
import { run, start } from '../helpers/process'

// Crash drill: the importer is killed with SIGKILL at seeded random moments while it writes a batch; after each
// kill the database holds only whole articles (every paragraph of its document), never a half-written one,
// and a final re-run converges on every document exactly once.
const RUNS = 20
const DOCUMENTS = 120
const PARAGRAPHS = 6

let ctx: TestPayload
let folder: string

beforeAll(async () => {
  ctx = await startPayload('crash', { keepData: true })
  folder = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-crash-'))
  for (let index = 0; index < DOCUMENTS; index += 1) {
    const paragraphs = Array.from({ length: PARAGRAPHS }, (_, p) => `Paragraph ${p + 1} of drill story ${index}.`)
    await writeFile(
      path.join(folder, `story-${String(index).padStart(2, '0')}.txt`),
      `Drill story ${index}\nBy Crash Tester\n\n${paragraphs.join('\n\n')}\n`,
    )
  }
})

afterAll(async () => {
  await ctx.stop()
  await rm(folder, { force: true, recursive: true })
})

const seedEnv = () => ({ DATABASE_URI: process.env.DATABASE_URI })

async function storedArticles() {
  const { docs } = await ctx.payload.find({ collection: 'articles', depth: 0, limit: 1000, pagination: false })
  return docs.filter((doc) => doc.title.startsWith('Drill story'))
}

it(`should hold only whole articles after ${RUNS} SIGKILLs mid-import, and converge on re-run`, async () => {
  const random = prng(20261129)
  for (let attempt = 0; attempt < RUNS; attempt += 1) {
    const importer = start({ args: ['run', 'seed', '--', folder], command: 'npm', env: seedEnv() })
    const delay = 1500 + Math.floor(random() * 3000)
    await new Promise((resolve) => setTimeout(resolve, delay))
    // The whole tree at once (npm, cross-env and the node process that writes), as a power cut would.
    killTree(importer.process.pid!)
    await importer.finished
    const articles = await storedArticles()
    const partial = articles.filter(
      (doc) => doc.content?.root.children.length !== PARAGRAPHS || doc.wordCount !== PARAGRAPHS * 6,
    )
    expect(partial.map((doc) => doc.title)).toEqual([])
  }
  const final = await run({ args: ['run', 'seed', '--', folder], command: 'npm', env: seedEnv() })
  expect(final.code).toBe(0)
  const articles = await storedArticles()
  expect(articles).toHaveLength(DOCUMENTS)
  expect(new Set(articles.map((doc) => doc.title)).size).toBe(DOCUMENTS)
  const again = await run({ args: ['run', 'seed', '--', folder], command: 'npm', env: seedEnv() })
  expect(again.output).toContain(`0 created, 0 updated, ${DOCUMENTS} unchanged`)
}, 600_000)

/** SIGKILLs a process and all its descendants, found through /proc before any of them dies. */
function killTree(pid: number): void {
  const stat = (entry: string) => {
    try {
      return readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      return ''
    }
  }
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const parent = Number(stat(entry).split(') ')[1]?.split(' ')[1])
    parents.set(Number(entry), parent)
  }
  const tree = [pid]
  for (let index = 0; index < tree.length; index += 1) {
    for (const [child, parent] of parents) {
      if (parent === tree[index]) {
        tree.push(child)
      }
    }
  }
  for (const member of tree) {
    try {
      process.kill(member, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

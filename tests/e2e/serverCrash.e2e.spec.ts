import { paragraphsToLexical } from '../../seed/formats/lexical'
import { throwawayDatabaseUri } from '../helpers/payload'
import { prng } from '../helpers/prng'
import { freePort, type Started, waitForOk } from '../helpers/process'
import { ensureBuild, startBuiltServer } from '../helpers/server'

// Crash drill for the server: editors' saves stream in over REST while the production server is SIGKILLed at
// seeded random moments. After every restart, each save the server acknowledged (201) is there and whole, and
// nothing half-written is: each article holds its three paragraphs and the word count they give.
const RUNS = 20
const WRITERS = 4
const PARAGRAPHS = ['First paragraph of the drill.', 'Second paragraph of the drill.', 'Third paragraph of the drill.']
const WORDS = 15

const env = { DATABASE_URI: throwawayDatabaseUri('servercrash'), RATE_LIMIT_API_PER_MINUTE: '100000' }
let token: string

async function startServer(): Promise<{ base: string; server: Started }> {
  const port = await freePort()
  const server = startBuiltServer({ ...env, PORT: String(port) })
  const base = `http://127.0.0.1:${port}`
  await waitForOk(`${base}/healthz`, server)
  return { base, server }
}

type Stored = { content?: { root: { children: unknown[] } }; id: number | string; title: string; wordCount?: number }

async function storedDrillArticles(base: string): Promise<Stored[]> {
  const response = await fetch(`${base}/api/articles?where[title][like]=Drill&limit=0&pagination=false&depth=0`, {
    headers: { Authorization: `JWT ${token}` },
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { docs: Stored[] }).docs
}

beforeAll(async () => {
  await ensureBuild()
  const { base, server } = await startServer()
  const response = await fetch(`${base}/api/users/first-register`, {
    body: JSON.stringify({ email: 'crash@newsdesk.test', password: 'pw-crash-0123456789' }),
    headers: { 'Content-Type': 'application/json' },
    method: 'POST',
  })
  expect(response.status).toBe(200)
  token = ((await response.json()) as { token: string }).token
  server.process.kill('SIGTERM')
  await server.finished
}, 700_000)

it(`should keep every acknowledged save, and only whole articles, across ${RUNS} SIGKILLs of the server`, async () => {
  const random = prng(20261130)
  const acknowledged = new Map<number | string, string>()
  for (let run = 0; run < RUNS; run += 1) {
    const { base, server } = await startServer()
    let isRunning = true
    const writer = async (id: number) => {
      for (let n = 0; isRunning; n += 1) {
        const title = `Drill ${run}-${id}-${n}`
        try {
          const response = await fetch(`${base}/api/articles?depth=0`, {
            body: JSON.stringify({ _status: 'published', content: paragraphsToLexical(PARAGRAPHS), title }),
            headers: { Authorization: `JWT ${token}`, 'Content-Type': 'application/json' },
            method: 'POST',
          })
          if (response.status === 201) {
            acknowledged.set(((await response.json()) as { doc: { id: number | string } }).doc.id, title)
          }
        } catch {
          return // the server is gone
        }
      }
    }
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(id))
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 1500)))
    server.process.kill('SIGKILL')
    await server.finished
    isRunning = false
    await Promise.all(writers)
  }

  const { base, server } = await startServer()
  try {
    const stored = await storedDrillArticles(base)
    const byId = new Map(stored.map((article) => [article.id, article]))
    const lost = [...acknowledged].filter(([id, title]) => byId.get(id)?.title !== title)
    const partial = stored.filter(
      (article) => article.content?.root.children.length !== PARAGRAPHS.length || article.wordCount !== WORDS,
    )
    expect(acknowledged.size).toBeGreaterThan(RUNS)
    expect(lost).toEqual([])
    expect(partial.map((article) => article.title)).toEqual([])
    expect(new Set(stored.map((article) => article.title)).size).toBe(stored.length)
  } finally {
    server.process.kill('SIGTERM')
    await server.finished
  }
}, 600_000)

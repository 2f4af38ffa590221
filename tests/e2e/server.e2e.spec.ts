import { throwawayDatabaseUri } from '../helpers/payload'
import { freePort, run, start, type Started, waitForOk } from '../helpers/process'
import { SAMPLE } from '../helpers/sample'
import { ensureBuild, E2E_SECRET as SECRET, startBuiltServer } from '../helpers/server'

// The production server as users run it (`npm start`: Express in front of the built Next app), on a
// throwaway database that production mode migrates, with the sample seeded through `npm run seed`.
const databaseUri = throwawayDatabaseUri('e2e')
const startServer = startBuiltServer
let server: Started
let base: string

beforeAll(async () => {
  await ensureBuild()
  const env = { DATABASE_URI: databaseUri, NODE_ENV: 'production', PAYLOAD_SECRET: SECRET }
  const seeded = await run({ args: ['run', 'seed'], command: 'npm', env })
  expect(seeded.output).toContain('1 created')
  expect(seeded.code).toBe(0)
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  // Due jobs are picked up every second here instead of every minute.
  server = startServer({ ...env, JOBS_CRON: '* * * * * *', PORT: String(port) })
  await waitForOk(`${base}/healthz`, server)
}, 700_000)

afterAll(() => {
  if (server.process.exitCode === null) {
    server.process.kill('SIGKILL')
  }
})

describe('health checks', () => {
  it('should answer /healthz without an x-powered-by header', async () => {
    const response = await fetch(`${base}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
    expect(response.headers.get('x-powered-by')).toBeNull()
  })

  it('should answer /readyz when the database is reachable', async () => {
    const response = await fetch(`${base}/readyz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ready' })
  })
})

describe('through Express and Next', () => {
  it('should serve the admin panel', async () => {
    const response = await fetch(`${base}/admin`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Newsdesk')
  })

  it('should serve the sample over REST by slug', async () => {
    const response = await fetch(`${base}/api/articles?where[slug][equals]=${SAMPLE.slug}&depth=1`)
    const body = await response.json()
    expect(response.status).toBe(200)
    expect(
      body.docs.map((doc: Record<string, unknown>) => [doc.title, doc.readingTime, doc.wordCount, doc.authors]),
    ).toEqual([[SAMPLE.title, SAMPLE.readingTime, SAMPLE.wordCount, [expect.objectContaining(SAMPLE.author)]]])
  })

  it('should serve the sample over GraphQL by slug', async () => {
    const response = await fetch(`${base}/api/graphql`, {
      body: JSON.stringify({
        query: `{ Articles(where: { slug: { equals: "${SAMPLE.slug}" } }) { docs { title readingTime authors { name } } } }`,
      }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    expect(await response.json()).toEqual({
      data: { Articles: { docs: [{ authors: [{ name: SAMPLE.author.name }], readingTime: 2, title: SAMPLE.title }] } },
    })
  })

  it('should not serve the GraphQL playground in production', async () => {
    const response = await fetch(`${base}/api/graphql-playground`)
    expect(response.status).toBe(404)
  })
})

describe('job queue', () => {
  it('should publish a scheduled draft from the server process when its time comes', async () => {
    const title = 'Embargo lifts in one second'
    const scheduled = await run({
      args: ['payload', 'run', 'tests/e2e/scripts/scheduleDraft.ts', title],
      command: 'npx',
      env: {
        DATABASE_URI: databaseUri,
        NODE_ENV: 'production',
        NODE_OPTIONS: '--conditions=production',
        PAYLOAD_SECRET: SECRET,
      },
    })
    expect(scheduled.output).toMatch(/scheduled \S+/)
    const url = `${base}/api/articles?where[title][equals]=${encodeURIComponent(title)}`
    let titles: string[] = []
    for (let attempt = 0; attempt < 40 && titles.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      titles = (await (await fetch(url)).json()).docs.map((doc: { title: string }) => doc.title)
    }
    expect(titles).toEqual([title])
  })
})

describe('shutdown', () => {
  it('should finish a request in flight and exit 0 on SIGTERM', async () => {
    const inFlight = fetch(`${base}/admin`)
    await new Promise((resolve) => setTimeout(resolve, 30))
    server.process.kill('SIGTERM')
    const [response, finished] = await Promise.all([inFlight, server.finished])
    expect(response.status).toBe(200)
    expect(finished.code).toBe(0)
    expect(finished.output).toContain('stopped cleanly')
  })
})

describe('readiness without a database', () => {
  it('should answer /readyz 503 with the reason while /healthz stays 200', async () => {
    const closedPort = await freePort()
    const port = await freePort()
    const down = startServer({
      DATABASE_URI: `mongodb://127.0.0.1:${closedPort}/newsdesk?replicaSet=rs0`,
      PAYLOAD_SECRET: SECRET,
      PORT: String(port),
    })
    try {
      await waitForOk(`http://127.0.0.1:${port}/healthz`, down)
      const response = await fetch(`http://127.0.0.1:${port}/readyz`)
      const body = await response.json()
      expect(response.status).toBe(503)
      expect(body).toEqual({ reason: expect.stringMatching(/^database unreachable: /), status: 'unavailable' })
    } finally {
      down.process.kill('SIGTERM')
      await down.finished
    }
  })
})

describe('development server', () => {
  // Regression: in development Payload keeps a websocket to Next's HMR endpoint on this same server; shutdown
  // waited for it forever. Upgraded sockets are now closed on SIGTERM.
  it('should stop promptly on SIGTERM after serving the API', async () => {
    const port = await freePort()
    const dev = start({
      args: ['--import', 'tsx/esm', 'src/server.ts'],
      command: 'node',
      env: {
        DATABASE_URI: throwawayDatabaseUri('dev'),
        HOST: '127.0.0.1',
        NODE_OPTIONS: '--conditions=development',
        PORT: String(port),
      },
    })
    try {
      await waitForOk(`http://127.0.0.1:${port}/healthz`, dev)
      expect((await fetch(`http://127.0.0.1:${port}/api/articles`)).status).toBe(200)
      const stoppedBy = Date.now() + 8_000
      dev.process.kill('SIGTERM')
      const finished = await dev.finished
      expect(finished.code).toBe(0)
      expect(Date.now()).toBeLessThan(stoppedBy)
    } finally {
      dev.process.kill('SIGKILL')
    }
  }, 120_000)
})

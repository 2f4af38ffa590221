import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { png } from '../helpers/images'
import { throwawayDatabaseUri } from '../helpers/payload'
import { freePort, run, type Started, waitForOk } from '../helpers/process'
import { ensureBuild, E2E_SECRET as SECRET, startBuiltServer } from '../helpers/server'

// The response cache in the production build, on two server processes sharing one database: what an anonymous
// reader gets after each kind of change, on the instance that made it (at once) and on the other (within
// CACHE_SYNC_MS).
const SYNC_MS = 300
const databaseUri = throwawayDatabaseUri('cache')
const mediaDir = path.join(os.tmpdir(), `newsdesk-cache-media-${process.pid}`)
const env = {
  CACHE_SYNC_MS: String(SYNC_MS),
  DATABASE_URI: databaseUri,
  MEDIA_DIR: mediaDir,
  NODE_ENV: 'production',
  PAYLOAD_SECRET: SECRET,
}
const servers: Started[] = []
let first: string
let second: string
let token: string

async function startServer(extra: Record<string, string> = {}): Promise<string> {
  const port = await freePort()
  const server = startBuiltServer({ ...env, JOBS_CRON: '* * * * * *', PORT: String(port), ...extra })
  servers.push(server)
  await waitForOk(`http://127.0.0.1:${port}/healthz`, server)
  return `http://127.0.0.1:${port}`
}

/** A call as the editor (the first user, an admin). */
async function staff(base: string, path: string, method = 'GET', body?: unknown) {
  const response = await fetch(`${base}/api/${path}`, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `JWT ${token}`, 'Content-Type': 'application/json' },
    method,
  })
  return {
    body: (await response.json()) as { doc?: { id: number | string }; docs?: Array<{ title: string }> },
    response,
  }
}

/** The titles an anonymous reader gets from the article list, and whether the answer came from the cache. */
async function anonymousTitles(base: string): Promise<{ isHit: boolean; titles: string[] }> {
  const response = await fetch(`${base}/api/articles?sort=title&limit=50`)
  const { docs } = (await response.json()) as { docs: Array<{ title: string }> }
  return { isHit: response.headers.has('age'), titles: docs.map((doc) => doc.title) }
}

/**
 * Waits until every instance's content watch has seen the last change: a change also reaches the instance that
 * made it through the watch, a little later, and drops its cache once more.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, SYNC_MS * 3))

/** Polls until `check` holds on the titles, or `timeoutMs` passes; resolves to the last titles and the wait. */
async function waitForTitles(base: string, check: (titles: string[]) => boolean, timeoutMs: number) {
  const started = Date.now()
  let titles = (await anonymousTitles(base)).titles
  while (!check(titles) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    titles = (await anonymousTitles(base)).titles
  }
  return { elapsedMs: Date.now() - started, titles }
}

beforeAll(async () => {
  await ensureBuild()
  first = await startServer()
  second = await startServer({ JOBS_AUTORUN: 'false' })
  const registered = await fetch(`${first}/api/users/first-register`, {
    body: JSON.stringify({ name: 'Desk', email: 'desk@cache.test', password: 'pw-desk-0123456789' }),
    headers: { 'Content-Type': 'application/json' },
    method: 'POST',
  })
  token = ((await registered.json()) as { token: string }).token
  expect(registered.status).toBe(200)
}, 700_000)

afterAll(async () => {
  for (const server of servers) {
    server.process.kill('SIGKILL')
  }
  await rm(mediaDir, { force: true, recursive: true })
})

describe('on the instance that made the change', () => {
  it('should answer a repeated anonymous read from the cache', async () => {
    await staff(first, 'articles', 'POST', { _status: 'published', title: 'Alpha' })
    // The write's own drop is at once; its content watch drops once more when it reads the new fingerprint.
    await settle()
    await anonymousTitles(first)
    expect(await anonymousTitles(first)).toStrictEqual({ isHit: true, titles: ['Alpha'] })
  })

  it('should show each change to the next anonymous read, with no wait', async () => {
    const { body } = await staff(first, 'articles', 'POST', { _status: 'draft', title: 'Bravo' })
    const id = body.doc!.id
    const seen: string[][] = []
    const step = async (path: string, method: string, change: unknown) => {
      await anonymousTitles(first)
      await staff(first, path, method, change)
      seen.push((await anonymousTitles(first)).titles)
    }
    await step(`articles/${id}`, 'PATCH', { _status: 'published' })
    await step(`articles/${id}`, 'PATCH', { title: 'Bravo, corrected' })
    await step(`articles/${id}`, 'PATCH', { _status: 'draft' })
    await step(`articles/${id}`, 'PATCH', { _status: 'published' })
    await step(`articles/${id}`, 'PATCH', { deletedAt: new Date().toISOString() })
    await step(`articles/${id}?trash=true`, 'PATCH', { deletedAt: null })
    expect(seen).toStrictEqual([
      ['Alpha', 'Bravo'],
      ['Alpha', 'Bravo, corrected'],
      ['Alpha'],
      ['Alpha', 'Bravo, corrected'],
      ['Alpha'],
      ['Alpha', 'Bravo, corrected'],
    ])
  })

  // Payload deletes with findAndModify and `new: false`, which jongodb refuses (docs/testing.md).
  it('should drop a story deleted for good from the next anonymous read [jongodb-gap]', async () => {
    const { body } = await staff(first, 'articles', 'POST', { _status: 'published', title: 'Delta' })
    const before = (await anonymousTitles(first)).titles
    const deleted = await staff(first, `articles/${body.doc!.id}`, 'DELETE')
    expect([
      before.includes('Delta'),
      deleted.response.status,
      (await anonymousTitles(first)).titles.includes('Delta'),
    ]).toEqual([true, 200, false])
  })

  it("should never serve an editor's draft to an anonymous reader", async () => {
    const { body } = await staff(first, 'articles', 'POST', { _status: 'published', title: 'Charlie' })
    await staff(first, `articles/${body.doc!.id}?draft=true`, 'PATCH', { title: 'Charlie, embargoed draft' })
    const editorSees = await staff(first, `articles/${body.doc!.id}?draft=true`)
    const anonymous = await Promise.all([
      fetch(`${first}/api/articles/${body.doc!.id}?draft=true`).then((response) => response.json()),
      fetch(`${first}/api/articles/${body.doc!.id}`).then((response) => response.json()),
    ])
    expect([
      (editorSees.body as { title?: string }).title,
      editorSees.response.headers.get('cache-control'),
      anonymous.map((doc: { title: string }) => doc.title),
    ]).toStrictEqual(['Charlie, embargoed draft', 'private, no-store', ['Charlie', 'Charlie']])
  })

  it('should show a scheduled unpublish once the job has run', async () => {
    const { body } = await staff(first, 'articles', 'POST', { _status: 'published', title: 'Delta' })
    await anonymousTitles(first)
    const scheduled = await run({
      args: ['payload', 'run', 'tests/e2e/scripts/scheduleUnpublish.ts', String(body.doc!.id)],
      command: 'npx',
      env: { ...env, NODE_OPTIONS: '--conditions=production' },
    })
    expect(scheduled.output).toContain(`scheduled ${body.doc!.id}`)
    const { titles } = await waitForTitles(first, (now) => !now.includes('Delta'), 20_000)
    expect(titles).not.toContain('Delta')
  })

  it('should keep forwarded-host and forwarded-proto headers out of the image URLs later readers get', async () => {
    const image = await png({ height: 8, width: 8 })
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'square.png')
    form.append('_payload', JSON.stringify({ alt: 'A square' }))
    const uploaded = await fetch(`${first}/api/media`, {
      body: form,
      headers: { Authorization: `JWT ${token}` },
      method: 'POST',
    })
    const uploadedImage = ((await uploaded.json()) as { doc: { id: number | string } }).doc
    await staff(first, 'articles', 'POST', { _status: 'published', heroImage: uploadedImage.id, title: 'Golf' })
    const path = `${first}/api/articles?where[title][equals]=Golf&depth=1`
    const heroUrl = async (headers: Record<string, string> = {}) => {
      const { docs } = (await (await fetch(path, { headers })).json()) as {
        docs: Array<{ heroImage: { url: string } }>
      }
      return docs[0].heroImage.url
    }
    const poisoned = await heroUrl({ 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'gopher' })
    const later = await heroUrl()
    expect([poisoned, later]).toStrictEqual([
      `${first}/api/media/file/square.png`,
      `${first}/api/media/file/square.png`,
    ])
  })

  it('should answer If-None-Match with 304 through the whole stack', async () => {
    const full = await fetch(`${first}/api/articles?sort=title&limit=50`)
    const again = await fetch(`${first}/api/articles?sort=title&limit=50`, {
      headers: { 'If-None-Match': full.headers.get('etag')! },
    })
    expect([full.status, again.status, again.headers.get('etag')]).toStrictEqual([200, 304, full.headers.get('etag')])
  })

  it('should serve the feeds and sitemaps at the site root from the cache, renewed on a change', async () => {
    const feedTitles = async () => {
      const response = await fetch(`${first}/feed.json`)
      const feed = (await response.json()) as { items: Array<{ title: string }> }
      return {
        headers: response.headers,
        isHit: response.headers.has('age'),
        titles: feed.items.map((item) => item.title),
      }
    }
    await settle()
    const miss = await feedTitles()
    const hit = await feedTitles()
    const notModified = await fetch(`${first}/feed.json`, { headers: { 'If-None-Match': hit.headers.get('etag')! } })
    await staff(first, 'articles', 'POST', { _status: 'published', title: 'Foxtrot' })
    const after = await feedTitles()
    const sitemap = await fetch(`${first}/sitemap-articles-1.xml`)
    expect({
      type: miss.headers.get('content-type'),
      afterHasStory: after.titles[0],
      cacheControl: miss.headers.get('cache-control'),
      hit: hit.isHit,
      missIsHit: miss.isHit,
      notModified: notModified.status,
      sitemap: [sitemap.status, sitemap.headers.get('content-type'), (await sitemap.text()).includes('/news/foxtrot<')],
      surrogateKey: miss.headers.get('surrogate-key')!.split(' ')[0],
    }).toStrictEqual({
      type: 'application/feed+json; charset=utf-8',
      afterHasStory: 'Foxtrot',
      cacheControl: 'public, max-age=0, s-maxage=60, stale-while-revalidate=60',
      hit: true,
      missIsHit: false,
      notModified: 304,
      sitemap: [200, 'application/xml; charset=utf-8', true],
      surrogateKey: 'articles',
    })
  })

  /** The article titles of a GraphQL answer to `{ Articles { docs { title } } }`, and whether it came from the cache. */
  const graphqlTitles = async (response: Response) => {
    const { data } = (await response.json()) as { data: { Articles: { docs: Array<{ title: string }> } } }
    return { isHit: response.headers.has('age'), titles: data.Articles.docs.map((doc) => doc.title) }
  }

  /** An anonymous GraphQL POST of `body` (sent as JSON) to the first instance. */
  const postGraphql = (body: unknown) =>
    fetch(`${first}/api/graphql`, {
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })

  it('should serve GraphQL reads over GET from the cache, and renew them on a change', async () => {
    const url = `${first}/api/graphql?query=${encodeURIComponent('{ Articles(sort: "title") { docs { title } } }')}`
    const read = async () => graphqlTitles(await fetch(url))
    await settle()
    await read()
    const hit = await read()
    await staff(first, 'articles', 'POST', { _status: 'published', title: 'Echo' })
    const after = await read()
    expect([hit.isHit, after.titles.includes('Echo')]).toStrictEqual([true, true])
  })

  it('should serve GraphQL queries over POST from the cache, and hand mutations on untouched', async () => {
    const read = async () =>
      graphqlTitles(await postGraphql({ query: '{ Articles(sort: "-title") { docs { title } } }' }))
    await settle()
    await read()
    const hit = await read()
    await staff(first, 'articles', 'POST', { _status: 'published', title: 'Golf' })
    const after = await read()
    // An anonymous mutation goes to Payload with its body: a login with a wrong password is refused as such.
    const login = await postGraphql({
      query: 'mutation { loginUser(email: "desk@cache.test", password: "not-the-password") { token } }',
    })
    const { errors } = (await login.json()) as { errors?: Array<{ message: string }> }
    expect([hit.isHit, after.isHit, after.titles.includes('Golf'), errors?.[0]?.message]).toStrictEqual([
      true,
      false,
      true,
      'The email or password is incorrect, or the account is locked for a few minutes after too many failed attempts.',
    ])
  })
})

describe('on another instance', () => {
  it(`should show a change made on the first instance within CACHE_SYNC_MS (${SYNC_MS} ms)`, async () => {
    await settle()
    await anonymousTitles(second)
    const primed = await anonymousTitles(second)
    await staff(first, 'articles', 'POST', { _status: 'published', title: 'Foxtrot' })
    const { elapsedMs, titles } = await waitForTitles(second, (now) => now.includes('Foxtrot'), 5_000)
    // The bound, plus a read of the database and a request's worth of slack.
    expect([primed.isHit, titles.includes('Foxtrot'), elapsedMs < SYNC_MS + 700]).toStrictEqual([true, true, true])
  })

  it(`should show a correction on the other instance's cached page within CACHE_SYNC_MS (${SYNC_MS} ms)`, async () => {
    const { body } = await staff(first, 'articles', 'POST', { slug: 'golf-page', _status: 'published', title: 'Hotel' })
    await settle()
    const page = () => fetch(`${second}/news/golf-page`)
    await (await page()).text()
    const primed = await page()
    const primedHtml = await primed.text()
    await staff(first, `articles/${body.doc!.id}`, 'PATCH', { title: 'Hotel, corrected' })
    const started = Date.now()
    let html = ''
    while (!html.includes('Hotel, corrected') && Date.now() - started < 5_000) {
      html = await (await page()).text()
    }
    const elapsedMs = Date.now() - started
    expect([
      primed.headers.has('age'),
      primedHtml.includes('<h1>Hotel</h1>'),
      html.includes('<h1>Hotel, corrected</h1>'),
      elapsedMs < SYNC_MS + 700,
    ]).toStrictEqual([true, true, true, true])
  })
})

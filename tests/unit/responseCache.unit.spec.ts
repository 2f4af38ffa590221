import type { Request, Response } from 'express'
import type { AddressInfo, Server } from 'node:net'
import type { Logger } from 'pino'

import { createServer, IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { pino } from 'pino'

import type { CacheSettings } from '../../src/http/responseCache'

import { createApp, createRequestListener } from '../../src/app'
import { createResponseCache, normalise } from '../../src/http/responseCache'

// The response cache in createApp's chain, in front of a stub that plays Payload: it counts the requests that reach
// it and answers with what the test asks for.
const SETTINGS: CacheSettings = {
  isEnabled: true,
  maxAgeSeconds: 0,
  maxBytes: 8 * 1024 * 1024,
  sharedMaxAgeSeconds: 60,
  staleSeconds: 30,
  syncMs: 0,
}
const ARTICLE = JSON.stringify({
  docs: [{ id: 7, body: 'The harbour reopened. '.repeat(60), title: 'Harbour reopens' }],
})

type Reached = { cookie?: string; url: string }

async function startCached({
  apiRequestsPerMinute = 100_000,
  corsOrigins = '*',
  logger = pino({ level: 'silent' }),
  maxBodyBytes = 1024,
  respond,
  settings = SETTINGS,
}: {
  apiRequestsPerMinute?: number
  corsOrigins?: '*' | string[]
  logger?: Logger
  maxBodyBytes?: number
  respond?: (req: Request, res: Response) => void
  settings?: CacheSettings
} = {}) {
  const reached: Reached[] = []
  const cache = createResponseCache({ corsOrigins, settings })
  const app = createApp({
    cache,
    handle: (req, res) => {
      reached.push({ cookie: req.headers.cookie, url: req.url })
      if (respond) {
        respond(req, res)
        return
      }
      res.setHeader('Content-Type', 'application/json')
      res.end(ARTICLE)
    },
    http: { apiRequestsPerMinute, maxBodyBytes, trustProxyHops: 0 },
    isProduction: true,
    logger,
    probe: { check: () => Promise.resolve() },
  })
  // As the server runs it: hits are answered before the app.
  const server = await new Promise<Server>((resolve) => {
    const listening = createServer(createRequestListener({ app, cache, logger })).listen(0, '127.0.0.1', () =>
      resolve(listening),
    )
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, cache, reached, server }
}

let shop: Awaited<ReturnType<typeof startCached>>

beforeEach(async () => {
  shop = await startCached()
})

afterEach(() => {
  shop.server.close()
})

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${shop.base}${path}`, { headers, method })

/** Headers that must be equal between a miss and a hit (all but Date, Age, the request id and the rate limit's). */
const comparable = (response: globalThis.Response) =>
  Object.fromEntries(
    [...response.headers].filter(
      ([name]) => !['age', 'date', 'ratelimit', 'ratelimit-policy', 'x-request-id'].includes(name),
    ),
  )

describe('public documents', () => {
  it('should cache a feed at the site root, keeping the Surrogate-Key its handler names', async () => {
    const feed = await startCached({
      respond: (_req, res) => {
        res.setHeader('Content-Type', 'application/feed+json; charset=utf-8')
        res.setHeader('Surrogate-Key', 'articles author:3 article:7')
        res.end(ARTICLE)
      },
    })
    try {
      const miss = await fetch(`${feed.base}/authors/amal/feed.json`)
      const hit = await fetch(`${feed.base}/authors/amal/feed.json`)
      expect([
        feed.reached.map((reached) => reached.url),
        miss.headers.get('surrogate-key'),
        miss.headers.get('cache-tag'),
        hit.headers.has('age'),
        await hit.text(),
      ]).toStrictEqual([
        ['/api/public/authors/amal/feed.json'],
        'articles author:3 article:7',
        'articles,author:3,article:7',
        true,
        ARTICLE,
      ])
    } finally {
      feed.server.close()
    }
  })
})

describe('hits', () => {
  it('should answer a second anonymous read from the cache with the same status, body and headers', async () => {
    const miss = await get('/api/articles?limit=1')
    const missBody = await miss.text()
    const hit = await get('/api/articles?limit=1')
    expect([shop.reached.length, hit.status, await hit.text(), comparable(hit), hit.headers.has('age')]).toStrictEqual([
      1,
      200,
      missBody,
      comparable(miss),
      true,
    ])
    expect(miss.headers.has('age')).toBe(false)
  })

  it('should describe anonymous answers to caches in front', async () => {
    const response = await get('/api/articles?limit=1')
    expect([
      response.headers.get('cache-control'),
      response.headers.get('vary'),
      response.headers.get('surrogate-key'),
      response.headers.get('cache-tag'),
      response.headers.get('etag'),
    ]).toStrictEqual([
      'public, max-age=0, s-maxage=60, stale-while-revalidate=30',
      'Origin, Accept-Encoding',
      'articles article:7',
      'articles,article:7',
      expect.stringMatching(/^"[\w-]{27}(?:-br|-gzip)?"$/u),
    ])
  })

  it.each([
    ['br', (body: Buffer) => brotliDecompressSync(body)],
    ['gzip', (body: Buffer) => gunzipSync(body)],
  ])('should serve the %s copy to a client that accepts it, holding the same JSON', async (encoding, decode) => {
    const raw = await rawGet(shop.base, '/api/articles?limit=1', { 'accept-encoding': encoding })
    expect([raw.headers['content-encoding'], decode(raw.body).toString('utf8')]).toStrictEqual([encoding, ARTICLE])
  })

  it('should answer a matching If-None-Match with 304 and no body', async () => {
    const first = await get('/api/articles?limit=1')
    const again = await get('/api/articles?limit=1', { 'if-none-match': first.headers.get('etag')! })
    expect([again.status, await again.text(), again.headers.get('etag')]).toStrictEqual([
      304,
      '',
      first.headers.get('etag'),
    ])
  })

  it('should answer HEAD from the GET entry: its headers, no body', async () => {
    const full = await get('/api/articles?limit=1')
    const head = await get('/api/articles?limit=1', {}, 'HEAD')
    expect([head.status, await head.text(), head.headers.get('etag'), shop.reached.length]).toStrictEqual([
      200,
      '',
      full.headers.get('etag'),
      1,
    ])
  })
})

describe('hits ahead of the guards', () => {
  it('should answer hits of a URL that passed the guards without counting them against the rate limit', async () => {
    shop.server.close()
    shop = await startCached({ apiRequestsPerMinute: 2 })
    const statuses = []
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await get('/api/articles?limit=1')).status)
    }
    // The first read passes the limit and is stored; the second, another URL, passes it; the third is over it.
    statuses.push((await get('/api/articles?limit=2')).status, (await get('/api/articles?limit=3')).status)
    expect([statuses, shop.reached.length]).toStrictEqual([[200, 200, 200, 200, 200, 200, 429], 2])
  })

  it('should send a hit ahead of the guards the headers of its miss, without the rate-limit state', async () => {
    const miss = await get('/api/articles?limit=1')
    const hit = await get('/api/articles?limit=1')
    expect([
      comparable(hit),
      hit.headers.get('content-security-policy'),
      hit.headers.has('ratelimit'),
      miss.headers.has('ratelimit'),
    ]).toStrictEqual([comparable(miss), "default-src 'none';frame-ancestors 'none'", false, true])
  })

  it('should log a hit ahead of the guards in one line, with its request id', async () => {
    const lines: Array<{ msg: string; req: { id: string } }> = []
    shop.server.close()
    shop = await startCached({
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[0]) }),
    })
    await get('/api/articles?limit=1')
    const hit = await get('/api/articles?limit=1', { 'x-request-id': 'desk-42' })
    expect([
      hit.headers.get('x-request-id'),
      lines.map((line) => [line.msg.replace(/\d+ ms$/u, 'ms'), line.req.id]),
    ]).toStrictEqual([
      'desk-42',
      [
        ['GET /api/articles?limit=1 200 ms', expect.any(String)],
        ['GET /api/articles?limit=1 200 ms', 'desk-42'],
      ],
    ])
  })

  it('should answer an unseen spelling of a stored URL behind the guards, then ahead of them', async () => {
    shop.server.close()
    shop = await startCached({ apiRequestsPerMinute: 2 })
    await get('/api/articles?limit=1&depth=0')
    // Another spelling of the same normal form: the guards run (and count it), then it is stored as passed.
    const spellings = [await get('/api/articles?depth=0&limit=1'), await get('/api/articles?depth=0&limit=1')]
    const overLimit = await get('/api/articles?depth=0&limit=1&limit=1')
    expect([spellings.map((response) => response.status), overLimit.status, shop.reached.length]).toStrictEqual([
      [200, 200],
      429,
      1,
    ])
  })
})

describe('GraphQL over POST', () => {
  const QUERY = '{ Articles(limit: 1) { docs { title } } }'

  /** A stub GraphQL route: answers with the method, URL and body it got (as Next, reading none for a GET). */
  const echo = (req: Request, res: Response) => {
    const answer = (body: string) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ body, method: req.method, url: req.url }))
    }
    if (req.method === 'GET') {
      answer('')
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => answer(Buffer.concat(chunks).toString('utf8')))
  }

  /** What the stub saw, parsed in this realm (a fetch answer's json() is another realm's object). */
  const seenBy = async (answer: globalThis.Response) =>
    JSON.parse(await answer.text()) as { body: string; method: string; url: string }

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${shop.base}/api/graphql`, {
      body,
      headers: { 'content-type': 'application/json', ...headers },
      method: 'POST',
    })

  beforeEach(async () => {
    shop.server.close()
    shop = await startCached({ respond: echo })
  })

  it('should answer a query as the same read over GET, and keep it for POST and GET alike', async () => {
    const first = await post(JSON.stringify({ query: QUERY, variables: { a: 1 } }))
    const seen = await seenBy(first)
    // The same read with other whitespace, and as a GET of the URL the POST was answered as.
    const again = await post(JSON.stringify({ query: `${QUERY}\n# a comment`, variables: { a: 1 } }, null, 2))
    const asGet = await get(seen.url)
    expect([
      seen.method,
      new URL(seen.url, shop.base).searchParams.get('query'),
      new URL(seen.url, shop.base).searchParams.get('variables'),
      seen.body,
      again.headers.has('age'),
      asGet.headers.has('age'),
      again.headers.get('etag'),
      shop.reached.length,
    ]).toStrictEqual([
      'GET',
      '{Articles(limit:1){docs{title}}}',
      '{"a":1}',
      '',
      true,
      true,
      first.headers.get('etag'),
      1,
    ])
  })

  it.each([
    ['a mutation', JSON.stringify({ query: 'mutation { logoutUser }' })],
    ['a query that does not parse', JSON.stringify({ query: '{ Articles(' })],
    ['a body that is not JSON', '{"query": '],
    ['an unknown member', JSON.stringify({ extensions: {}, query: QUERY })],
    ['an operation name that is not in the query', JSON.stringify({ operationName: 'Other', query: QUERY })],
  ])('should hand on %s as it came, body and all, and keep nothing', async (_label, body) => {
    const answers = [await post(body), await post(body)]
    const seen = await Promise.all(answers.map(seenBy))
    expect([seen, shop.reached.length]).toStrictEqual([
      [
        { body, method: 'POST', url: '/api/graphql' },
        { body, method: 'POST', url: '/api/graphql' },
      ],
      2,
    ])
  })

  it('should leave a POST with credentials alone', async () => {
    const body = JSON.stringify({ query: QUERY })
    const answer = await post(body, { authorization: 'JWT abc' })
    expect([await seenBy(answer), answer.headers.get('cache-control')]).toStrictEqual([
      { body, method: 'POST', url: '/api/graphql' },
      'private, no-store',
    ])
  })

  it('should leave a POST over the read bound alone', async () => {
    const body = JSON.stringify({ query: `${QUERY}${' '.repeat(17 * 1024)}` })
    shop.server.close()
    shop = await startCached({ maxBodyBytes: 64 * 1024, respond: echo })
    const answers = [await post(body), await post(body)]
    expect([(await seenBy(answers[1])).method, shop.reached.length]).toStrictEqual(['POST', 2])
  })
})

describe('keys', () => {
  it('should put reordered parameters in one entry and hand Payload the normal form', async () => {
    await get('/api/articles?where[slug][equals]=a&depth=1&limit=2')
    await get('/api/articles?limit=2&depth=1&where%5Bslug%5D%5Bequals%5D=a')
    expect(shop.reached).toStrictEqual([
      { cookie: undefined, url: '/api/articles?depth=1&limit=2&where%5Bslug%5D%5Bequals%5D=a' },
    ])
  })

  it.each([
    ['/articles?b=2&a=1&b=1', '/articles?a=1&b=2&b=1'],
    ['/articles?a=%41&a=+', '/articles?a=A&a=+'],
    ['/articles?', '/articles'],
    ['/articles', '/articles'],
  ])('should write %s as %s', (url, expected) => {
    expect(normalise(url)).toBe(expected)
  })

  it('should keep apart the values of a repeated parameter in another order', async () => {
    await get('/api/articles?sort=title&sort=-publishedAt')
    await get('/api/articles?sort=-publishedAt&sort=title')
    expect(shop.reached).toHaveLength(2)
  })
})

describe('never stored', () => {
  it.each([
    ['a bearer token', { authorization: 'JWT abc' }],
    ['an API key', { authorization: 'users API-Key abc' }],
    ['a draft preview token', { authorization: 'Preview abc' }],
    ['a session cookie', { cookie: 'theme=dark; payload-token=abc' }],
  ])('should pass a request with %s through, marked private', async (_label, headers) => {
    await get('/api/articles?limit=1')
    const response = await get('/api/articles?limit=1', headers)
    expect([shop.reached.length, response.headers.get('cache-control'), response.headers.has('age')]).toStrictEqual([
      2,
      'private, no-store',
      false,
    ])
  })

  it('should not keep what a draft preview token read for the next anonymous reader', async () => {
    const draft = await get('/api/articles/7?draft=true', { authorization: 'Preview abc' })
    const anonymous = await get('/api/articles/7?draft=true')
    expect([draft.headers.get('cache-control'), shop.reached.length, anonymous.headers.has('age')]).toStrictEqual([
      'private, no-store',
      2,
      false,
    ])
  })

  it.each([
    ['a method override', { 'x-payload-http-method-override': 'GET' }],
    ['a generic method override', { 'x-http-method-override': 'DELETE' }],
    ['a range', { range: 'bytes=0-10' }],
  ])('should not answer %s from the entry of the plain read', async (_label, headers) => {
    await get('/api/articles?limit=1')
    await get('/api/articles?limit=1', headers)
    expect(shop.reached).toHaveLength(2)
  })

  it.each([
    [500, 'no-store'],
    [400, 'no-store'],
    [403, 'no-store'],
  ])('should not keep a %i', async (status, cacheControl) => {
    const failing = await startCached({
      respond: (_req, res) => res.status(status).json({ errors: [{ message: 'no' }] }),
    })
    await fetch(`${failing.base}/api/articles`)
    const second = await fetch(`${failing.base}/api/articles`)
    failing.server.close()
    expect([failing.reached.length, second.headers.get('cache-control')]).toStrictEqual([2, cacheControl])
  })

  it('should not keep an answer that sets a cookie', async () => {
    const cookie = await startCached({
      respond: (_req, res) => {
        res.setHeader('Set-Cookie', 'seen=1')
        res.json({ docs: [] })
      },
    })
    await fetch(`${cookie.base}/api/articles`)
    await fetch(`${cookie.base}/api/articles`)
    cookie.server.close()
    expect(cookie.reached).toHaveLength(2)
  })

  it('should keep a 404 briefly, described as such', async () => {
    const missing = await startCached({
      respond: (_req, res) => res.status(404).json({ errors: [{ message: 'Not Found' }] }),
    })
    await fetch(`${missing.base}/api/articles/999`)
    const again = await fetch(`${missing.base}/api/articles/999`)
    missing.server.close()
    expect([missing.reached.length, again.status, again.headers.get('cache-control')]).toStrictEqual([
      1,
      404,
      'public, max-age=0, s-maxage=5',
    ])
  })

  it('should send the same headers but keep nothing with API_CACHE=off', async () => {
    const off = await startCached({ settings: { ...SETTINGS, isEnabled: false } })
    await fetch(`${off.base}/api/articles?limit=1`)
    const second = await fetch(`${off.base}/api/articles?limit=1`)
    off.server.close()
    expect([off.reached.length, second.headers.get('cache-control'), second.headers.has('etag')]).toStrictEqual([
      2,
      'public, max-age=0, s-maxage=60, stale-while-revalidate=30',
      true,
    ])
  })
})

describe('compression without the cache', () => {
  it('should still send gzip to a client that asks for it with API_CACHE=off', async () => {
    const off = await startCached({ settings: { ...SETTINGS, isEnabled: false } })
    const raw = await rawGet(off.base, '/api/articles?limit=1', { 'accept-encoding': 'gzip' })
    off.server.close()
    expect([raw.headers['content-encoding'], gunzipSync(raw.body).toString('utf8')]).toStrictEqual(['gzip', ARTICLE])
  })
})

describe('header spellings', () => {
  it('should treat an Authorization header in any letter case as credentials', async () => {
    await get('/api/articles?limit=1')
    const raw = await rawGet(shop.base, '/api/articles?limit=1', { AUTHORIZATION: 'JWT abc' })
    expect([shop.reached.length, raw.headers['cache-control']]).toStrictEqual([2, 'private, no-store'])
  })
})

describe('origins', () => {
  it('should keep each allowed origin apart and pass an unknown one through', async () => {
    const cors = await startCached({
      corsOrigins: ['https://site.example', 'https://app.example'],
      respond: (req, res) => {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '')
        res.json({ docs: [] })
      },
    })
    const from = (origin: string) => fetch(`${cors.base}/api/articles`, { headers: { origin } })
    const site = await from('https://site.example')
    const app = await from('https://app.example')
    await from('https://site.example')
    await from('https://evil.example')
    await from('https://evil.example')
    cors.server.close()
    expect([
      site.headers.get('access-control-allow-origin'),
      app.headers.get('access-control-allow-origin'),
      cors.reached.length,
    ]).toStrictEqual(['https://site.example', 'https://app.example', 4])
  })
})

describe('invalidation', () => {
  it('should read afresh after a change', async () => {
    await get('/api/articles?limit=1')
    shop.cache.invalidate()
    await get('/api/articles?limit=1')
    expect(shop.reached).toHaveLength(2)
  })

  it('should not keep an answer whose read began before a change, nor one read before its transaction ended', async () => {
    let step = 0
    const racing = await startCached({
      respond: (_req, res) => {
        step += 1
        // The first read is overtaken by a change; the second runs after the change but before its commit.
        if (step === 1) {
          racing.cache.invalidate()
        }
        res.json({ docs: [], step })
      },
    })
    await fetch(`${racing.base}/api/articles`)
    await fetch(`${racing.base}/api/articles`)
    racing.cache.transactionEnded()
    const third = await (await fetch(`${racing.base}/api/articles`)).json()
    const fourth = await (await fetch(`${racing.base}/api/articles`)).json()
    racing.server.close()
    expect([third, fourth]).toEqual([
      { docs: [], step: 3 },
      { docs: [], step: 3 },
    ])
  })
})

describe('the byte bound', () => {
  it('should stay within its bound over 100,000 distinct URLs', () => {
    const bound = 4 * 1024 * 1024
    const cache = createResponseCache({ corsOrigins: '*', settings: { ...SETTINGS, maxBytes: bound } })
    const body = JSON.stringify({ docs: [{ id: 1, text: 'x'.repeat(400) }] })
    for (let index = 0; index < 100_000; index += 1) {
      const req = new IncomingMessage(new Socket())
      req.method = 'GET'
      req.url = `/articles?page=${index}`
      req.headers = {}
      const res = new ServerResponse(req)
      cache.handler(req as Request, res as unknown as Response, () => {
        res.setHeader('Content-Type', 'application/json')
        res.end(body)
      })
    }
    const { bytes, entries } = cache.size()
    expect([bytes <= bound, entries > 1000, entries < 100_000]).toStrictEqual([true, true, true])
  })
})

/** A GET with node:http, for the raw bytes of an encoded body (fetch decodes them). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    import('node:http')
      .then(({ get: httpGet }) => {
        httpGet(`${base}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: res.headers }))
        }).on('error', reject)
      })
      .catch(reject)
  })
}

describe('site pages', () => {
  const PAGE = `<!DOCTYPE html><html lang="en"><body>${'<p>The harbour reopened.</p>'.repeat(40)}</body></html>`
  let site: Awaited<ReturnType<typeof startCached>>

  beforeEach(async () => {
    site = await startCached({
      respond: (req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.end(req.headers.rsc ? '1:"an RSC payload"' : PAGE)
      },
    })
  })

  afterEach(() => {
    site.server.close()
  })

  const read = (path: string, headers: Record<string, string> = {}) => fetch(`${site.base}${path}`, { headers })

  it.each(['/', '/news/harbour-reopens', '/authors/amal', '/tags/security', '/news/harbour-reopens?page=2'])(
    'should answer the second anonymous read of %s from the cache, ahead of Express',
    async (path) => {
      await read(path)
      const hit = await read(path)
      expect([site.reached.length, hit.status, hit.headers.has('age'), await hit.text()]).toStrictEqual([
        1,
        200,
        true,
        PAGE,
      ])
    },
  )

  it('should describe a page to caches in front as a page, with validators and gzip', async () => {
    await read('/news/harbour-reopens')
    const hit = await read('/news/harbour-reopens', { 'accept-encoding': 'gzip' })
    const etag = hit.headers.get('etag') ?? ''
    const revalidated = await read('/news/harbour-reopens', { 'if-none-match': etag })
    expect([
      hit.headers.get('cache-control'),
      hit.headers.get('surrogate-key'),
      etag,
      revalidated.status,
      site.reached.length,
    ]).toStrictEqual([
      'public, max-age=0, s-maxage=60, stale-while-revalidate=30',
      'pages',
      expect.stringMatching(/^"[\w-]{27}-gzip"$/u),
      304,
      1,
    ])
  })

  it('should keep a page and the API read of the same path under the mount apart', async () => {
    await read('/authors/amal')
    const api = await read('/api/authors/amal')
    expect([site.reached.map((reached) => reached.url), api.headers.has('age')]).toStrictEqual([
      ['/authors/amal', '/api/authors/amal'],
      false,
    ])
  })

  it.each([
    ['a draft preview', '/news/harbour-reopens?preview=abc', {}],
    ['an RSC cache-buster', '/news/harbour-reopens?_rsc=1x2y', {}],
    ['a client-router request', '/news/harbour-reopens', { rsc: '1' }],
    ['a prefetch', '/news/harbour-reopens', { 'next-router-prefetch': '1' }],
    ['a session cookie', '/news/harbour-reopens', { cookie: 'payload-token=abc' }],
  ])('should never store nor answer from the cache %s', async (_label, path, headers) => {
    await read(path, headers)
    const again = await read(path, headers)
    expect([site.reached.length, again.headers.has('age')]).toStrictEqual([2, false])
  })

  it('should not answer a client-router request for a page from the HTML it stored', async () => {
    await read('/news/harbour-reopens')
    await read('/news/harbour-reopens')
    const payload = await read('/news/harbour-reopens', { rsc: '1' })
    expect([site.reached.length, await payload.text()]).toStrictEqual([2, '1:"an RSC payload"'])
  })

  it('should leave paths that are no page of the site alone', async () => {
    await read('/news/harbour-reopens/comments')
    await read('/news/harbour-reopens/comments')
    expect(site.reached).toHaveLength(2)
  })

  it('should read a page afresh after a content change', async () => {
    await read('/news/harbour-reopens')
    site.cache.invalidate()
    site.cache.transactionEnded()
    const after = await read('/news/harbour-reopens')
    expect([site.reached.length, after.headers.has('age')]).toStrictEqual([2, false])
  })

  it('should send a page the site’s Content-Security-Policy, framed by its own origin only', async () => {
    const page = await read('/')
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
  })
})

describe('site pages and Next’s Vary', () => {
  it('should keep the headers Next varies a page on, with the cache’s own', async () => {
    const site = await startCached({
      respond: (_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.setHeader('Vary', 'rsc, next-router-state-tree, Accept-Encoding')
        res.end('<p>A page.</p>')
      },
    })
    try {
      const page = await fetch(`${site.base}/tags/security`)
      expect(page.headers.get('vary')).toBe('rsc, next-router-state-tree, Accept-Encoding, Origin')
    } finally {
      site.server.close()
    }
  })
})

import type { Request, Response } from 'express'
import type { AddressInfo, Server } from 'node:net'

import { request as httpRequest } from 'node:http'
import { pino } from 'pino'

import { createApp, sitePathRouter } from '../../src/app'
import { CLIENT_IP_HEADER } from '../../src/http/clientIp'
import { METHOD_OVERRIDE_MAX_BYTES } from '../../src/http/middleware'

// createApp with a stub in Next's place: the guards in front of Payload, tested without a build.
// `url` as the client sent it, `handedUrl` as the app handed it on.
type Seen = { handedUrl: string; headers: Request['headers']; url: string }

const HTTP = { apiRequestsPerMinute: 1_000, maxBodyBytes: 1_024, trustProxyHops: 1 }

/** Starts an app on a free loopback port; `seen` lists what reached the stub handler. */
async function startApp({
  handle,
  http = HTTP,
  isProduction = true,
  isReady = true,
  sitePaths,
}: {
  handle?: (req: Request, res: Response) => unknown
  http?: typeof HTTP
  isProduction?: boolean
  isReady?: boolean
  sitePaths?: Parameters<typeof createApp>[0]['sitePaths']
} = {}): Promise<{ base: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = []
  const app = createApp({
    handle:
      handle ??
      ((req, res) => {
        seen.push({ handedUrl: req.url, headers: req.headers, url: req.originalUrl })
        res.json({ handled: true })
      }),
    http,
    isProduction,
    logger: pino({ level: 'silent' }),
    probe: { check: async () => (isReady ? undefined : Promise.reject(new Error('connection refused'))) },
    sitePaths,
  })
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server }
}

/** A raw request (fetch cannot send TRACE, a chunked body without a length, or a path it would normalise). */
function raw({
  base,
  body,
  headers = {},
  method = 'GET',
  path,
}: {
  base: string
  body?: string
  headers?: Record<string, string>
  method?: string
  path: string
}): Promise<{ body: string; headers: Record<string, string | string[] | undefined>; status: number }> {
  return new Promise((resolve, reject) => {
    // The path apart from the URL: a URL string would be normalised before it is sent.
    const { hostname, port } = new URL(base)
    const req = httpRequest({ headers, hostname, method, path, port }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ body: text, headers: res.headers, status: res.statusCode ?? 0 }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

let app: Awaited<ReturnType<typeof startApp>>

beforeAll(async () => {
  app = await startApp()
})

afterAll(() => {
  app.server.close()
})

describe('health checks', () => {
  it('should answer /healthz without an x-powered-by header', async () => {
    const response = await fetch(`${app.base}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
    expect(response.headers.get('x-powered-by')).toBeNull()
  })

  it('should answer /readyz 200 when the probe answers', async () => {
    const response = await fetch(`${app.base}/readyz`)
    expect([response.status, await response.json()]).toEqual([200, { status: 'ready' }])
  })

  it('should answer /readyz 503 with the reason when the probe fails', async () => {
    const down = await startApp({ isReady: false })
    const response = await fetch(`${down.base}/readyz`)
    down.server.close()
    expect([response.status, await response.json()]).toEqual([
      503,
      { reason: 'database unreachable: connection refused', status: 'unavailable' },
    ])
  })
})

describe('request ids', () => {
  it.each([
    ['a well-formed incoming id', 'proxy-id.42', 'proxy-id.42'],
    ['an id with spaces', 'not an id', /^[0-9a-f-]{36}$/],
  ])('should answer %s with %p', async (_label, incoming, expected) => {
    const response = await fetch(`${app.base}/healthz`, { headers: { 'x-request-id': incoming } })
    expect(response.headers.get('x-request-id')).toEqual(expect.stringMatching(expected))
  })
})

describe('request logs', () => {
  it('should log one short line per request: method, path, status, time, id, credentials; no headers', async () => {
    const lines: string[] = []
    const logged = createApp({
      handle: (_req, res) => res.json({ handled: true }),
      http: HTTP,
      isProduction: true,
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
      probe: { check: () => Promise.resolve() },
    })
    const server = await new Promise<Server>((resolve) => {
      const listening = logged.listen(0, '127.0.0.1', () => resolve(listening))
    })
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tags?limit=1`, {
      headers: { authorization: 'JWT secret-token', 'x-request-id': 'req-1' },
    })
    server.close()
    const entry = JSON.parse(lines[0]) as Record<string, unknown>
    expect([lines.length, entry.msg, entry.req, entry.res, lines[0].includes('secret-token')]).toEqual([
      1,
      expect.stringMatching(/^GET \/api\/tags\?limit=1 200 \d+ ms$/u),
      { id: 'req-1', hasCredentials: true, method: 'GET', url: '/api/tags?limit=1' },
      { statusCode: 200 },
      false,
    ])
  })
})

describe('what reaches the handler', () => {
  it('should hand a good API request on, with the client address it derived and no internal headers', async () => {
    const before = app.seen.length
    const response = await fetch(`${app.base}/api/tags?limit=1`, {
      headers: {
        [CLIENT_IP_HEADER]: '1.2.3.4',
        'x-forwarded-for': '203.0.113.9',
        'x-middleware-subrequest': 'middleware',
      },
    })
    expect(await response.json()).toEqual({ handled: true })
    const seen = app.seen[before]
    expect([seen.url, seen.headers[CLIENT_IP_HEADER], seen.headers['x-middleware-subrequest']]).toEqual([
      '/api/tags?limit=1',
      '203.0.113.9',
      undefined,
    ])
  })

  it.each([
    ['/feed.xml', '/api/public/feed.xml'],
    ['/feed.json?x=1', '/api/public/feed.json?x=1'],
    ['/authors/jerome/feed.atom', '/api/public/authors/jerome/feed.atom'],
    ['/tags/security/feed.xml', '/api/public/tags/security/feed.xml'],
    ['/sitemap.xml', '/api/public/sitemap.xml'],
    ['/sitemap-news.xml', '/api/public/sitemap-news.xml'],
    ['/sitemap-articles-2.xml', '/api/public/sitemap-articles-2.xml'],
    ['/robots.txt', '/api/public/robots.txt'],
    // Not public documents: handed on as they came.
    ['/feed.html', '/feed.html'],
    ['/authors/jerome/feed.rss', '/authors/jerome/feed.rss'],
    ['/news/feed.xml', '/news/feed.xml'],
    ['/sitemap.xml.gz', '/sitemap.xml.gz'],
  ])('should hand %s to the API as %s', async (asked, handed) => {
    const before = app.seen.length
    await raw({ base: app.base, path: asked })
    expect([app.seen[before].url, app.seen[before].handedUrl]).toEqual([asked, handed])
  })

  it('should answer an error thrown by the handler with a bare 500, no stack trace', async () => {
    const failing = await startApp({
      handle: () => {
        throw new Error('secret detail')
      },
    })
    const response = await raw({ base: failing.base, path: '/api/tags' })
    failing.server.close()
    expect([response.status, JSON.parse(response.body)]).toEqual([
      500,
      { errors: [{ message: 'Internal server error.' }] },
    ])
  })
})

describe('refused before the handler', () => {
  it.each([
    ['TRACE', '/api/tags', undefined, {}, 405, 'TRACE is not allowed.'],
    ['GET', '/./api/tags', undefined, {}, 400, 'The path has "." or ".." segments or "//"; send it in normal form.'],
    [
      'GET',
      '/admin/%2e%2e/api/tags',
      undefined,
      {},
      400,
      'The path has "." or ".." segments or "//"; send it in normal form.',
    ],
    ['GET', '/api//tags', undefined, {}, 400, 'The path has "." or ".." segments or "//"; send it in normal form.'],
    ['GET', '/api/articles/..%2Fusers', undefined, {}, 400, 'The path contains characters no document id has.'],
    ['GET', '/api/articles/%E0%A4%A', undefined, {}, 400, 'Malformed percent-encoding in the path.'],
    ['GET', '/news/%E0%A4%A', undefined, {}, 400, 'Malformed percent-encoding in the path.'],
    ['GET', '/admin/collections/%ZZ', undefined, {}, 400, 'Malformed percent-encoding in the path.'],
    [
      'GET',
      '/api/articles?where=foo',
      undefined,
      {},
      400,
      'where is given as where[field][operator]=value, or once as a JSON object.',
    ],
    ['POST', '/api/articles', 'x'.repeat(1_025), {}, 413, 'Request body over 1024 bytes.'],
    [
      'POST',
      '/admin/anything',
      'x',
      { 'transfer-encoding': 'chunked' },
      411,
      'Send a Content-Length with the request body.',
    ],
    [
      'POST',
      '/api/articles',
      'x'.repeat(METHOD_OVERRIDE_MAX_BYTES + 1),
      { 'x-payload-http-method-override': 'GET' },
      413,
      `Request body over ${METHOD_OVERRIDE_MAX_BYTES} bytes.`,
    ],
    // Issue 15, item 14: Next answered a cross-site server action with 500.
    [
      'POST',
      '/admin',
      '[]',
      { 'next-action': 'a1', origin: 'https://evil.example' },
      403,
      'Server actions are accepted from this site only; this one came from "https://evil.example".',
    ],
    [
      'POST',
      '/admin/collections/articles/1',
      '[]',
      { 'next-action': 'a1', origin: 'null' },
      403,
      'Server actions are accepted from this site only; this one came from "null".',
    ],
    [
      'POST',
      '/admin',
      '[]',
      { 'next-action': 'a1', origin: 'http://127.0.0.1:1', 'x-forwarded-host': 'cms.example.com' },
      403,
      'Server actions are accepted from this site only; this one came from "http://127.0.0.1:1".',
    ],
    ['POST', '/admin', '[]', { 'next-action': 'a1', origin: 'not a url' }, 400, 'The Origin header is not a URL.'],
  ])('should refuse %s %s with its reason', async (method, path, body, headers, status, message) => {
    const before = app.seen.length
    const response = await raw({ base: app.base, body, headers: headers as Record<string, string>, method, path })
    expect([response.status, JSON.parse(response.body), app.seen.length]).toEqual([
      status,
      { errors: [{ message }] },
      before,
    ])
  })

  it.each([
    ['from its own origin', { host: 'cms.example.com', origin: 'https://cms.example.com' }],
    ['from the forwarded host', { origin: 'https://cms.example.com', 'x-forwarded-host': 'cms.example.com, proxy' }],
    ['without an Origin', {}],
  ])('should let a server action %s through to Next', async (_label, headers) => {
    const before = app.seen.length
    const response = await raw({
      base: app.base,
      body: '[]',
      headers: { 'next-action': 'a1', ...headers },
      method: 'POST',
      path: '/admin',
    })
    expect([response.status, app.seen.length]).toStrictEqual([200, before + 1])
  })

  it('should let a cross-site POST without Next-Action through (Payload checks its own CSRF list)', async () => {
    const before = app.seen.length
    const response = await raw({
      base: app.base,
      body: '{}',
      headers: { origin: 'https://evil.example' },
      method: 'POST',
      path: '/api/users/login',
    })
    expect([response.status, app.seen.length]).toStrictEqual([200, before + 1])
  })

  it('should name the allowed methods with a 405', async () => {
    const response = await raw({ base: app.base, method: 'TRACE', path: '/api/tags' })
    expect(response.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT')
  })
})

describe('headers', () => {
  it('should send a locked-down CSP on the API', async () => {
    const response = await fetch(`${app.base}/api/tags`)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'")
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })

  it('should send a production CSP without eval on the admin panel', async () => {
    const response = await fetch(`${app.base}/admin`)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline';")
  })
})

describe('the API rate limit', () => {
  it('should answer 429 once a client exceeds its limit per minute, and only that client', async () => {
    const limited = await startApp({ http: { ...HTTP, apiRequestsPerMinute: 3 } })
    const from = (address: string) =>
      fetch(`${limited.base}/api/tags`, { headers: { 'x-forwarded-for': address } }).then((response) => response.status)
    const first = [
      await from('198.51.100.1'),
      await from('198.51.100.1'),
      await from('198.51.100.1'),
      await from('198.51.100.1'),
    ]
    const other = await from('198.51.100.2')
    limited.server.close()
    expect([first, other]).toEqual([[200, 200, 200, 429], 200])
  })
})

describe('custom page path patterns', () => {
  const route = sitePathRouter({ article: '/stories/{slug}.html', author: '/people/{slug}', tag: '/tags/{slug}' })

  it.each([
    ['/stories/harbour-reopens.html', '/news/harbour-reopens'],
    ['/people/amal', '/authors/amal'],
    ['/stories/a.b.html', '/news/a.b'],
    ['/stories/harbour-reopens', undefined],
    ['/stories/a/b.html', undefined],
    ['/storiesXharbour.html', undefined],
    ['/tags/security', undefined],
    ['/news/harbour-reopens', undefined],
  ])('should route %s to %s', (path, target) => {
    expect(route(path)).toBe(target)
  })

  it('should hand a page at a custom pattern to the default route, its query kept', async () => {
    const app = await startApp({
      sitePaths: { article: '/stories/{slug}.html', author: '/authors/{slug}', tag: '/tags/{slug}' },
    })
    try {
      await fetch(`${app.base}/stories/harbour-reopens.html?preview=abc`)
      expect(app.seen.map((seen) => [seen.url, seen.handedUrl])).toStrictEqual([
        ['/stories/harbour-reopens.html?preview=abc', '/news/harbour-reopens?preview=abc'],
      ])
    } finally {
      app.server.close()
    }
  })
})

describe('the API reference page', () => {
  it('should leave /api/docs to the handler in production (Payload has no such route: 404)', async () => {
    const response = await fetch(`${app.base}/api/docs`)
    expect([response.status, await response.json(), app.seen.at(-1)?.url]).toEqual([
      200,
      { handled: true },
      '/api/docs',
    ])
  })

  it.each([
    ['/api/docs', 'text/html; charset=utf-8', '<script src="/api/docs/scalar.js"></script>'],
    ['/api/docs/start.js', 'text/javascript; charset=utf-8', "url: '/api/openapi.json'"],
    ['/api/docs/scalar.js', 'text/javascript; charset=utf-8', 'createApiReference'],
  ])('should serve %s in development, with its own policy and no inline script', async (path, type, text) => {
    const development = await startApp({ isProduction: false })
    const response = await fetch(`${development.base}${path}`)
    const body = await response.text()
    development.server.close()
    expect([response.status, response.headers.get('content-type'), body.includes(text)]).toEqual([200, type, true])
    expect(response.headers.get('content-security-policy')).toBe(
      "connect-src 'self';default-src 'none';font-src 'self' data:;frame-ancestors 'none';img-src 'self' data: blob:;script-src 'self';style-src 'self' 'unsafe-inline';worker-src 'self' blob:",
    )
    expect(development.seen).toEqual([])
  })
})

import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'

import type { Started } from '../helpers/process'

import { throwawayDatabaseUri } from '../helpers/payload'
import { projectRoot } from '../helpers/sample'
import { startProductionServer } from '../helpers/server'

// The Express layer of the production server, with small limits so they can be reached quickly.
const API_PER_MINUTE = 300
const AUTH_ATTEMPTS = 8
const MAX_BODY = 2048
const admin = { email: 'admin@newsdesk.test', password: 'pw-admin-0123456789' }

let server: Started
let base: string
let port: number

beforeAll(async () => {
  ;({ base, server } = await startProductionServer({
    DATABASE_URI: throwawayDatabaseUri('hardening'),
    MAX_BODY_BYTES: String(MAX_BODY),
    RATE_LIMIT_API_PER_MINUTE: String(API_PER_MINUTE),
    RATE_LIMIT_AUTH_ATTEMPTS: String(AUTH_ATTEMPTS),
    // Clients are told apart by X-Forwarded-For, as behind one proxy (documentation addresses, no traffic).
    TRUST_PROXY_HOPS: '1',
  }))
  port = Number(new URL(base).port)
  const first = await fetch(`${base}/api/users/first-register`, {
    body: JSON.stringify(admin),
    headers: { 'Content-Type': 'application/json' },
    method: 'POST',
  })
  expect(first.status).toBe(200)
}, 700_000)

afterAll(async () => {
  server?.process.kill('SIGTERM')
  await server?.finished
})

/** A raw HTTP request, for what fetch will not send (chunked bodies, lying lengths, upgrades). */
function raw(lines: string[], body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

describe('headers', () => {
  it('should send a locked-down CSP and no x-powered-by on the API', async () => {
    const response = await fetch(`${base}/api/articles`)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-powered-by')).toBeNull()
  })

  it('should send a CSP the admin panel can live with', async () => {
    const csp = (await fetch(`${base}/admin/login`)).headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
  })

  it('should give every response a request id, reusing a well-formed incoming one', async () => {
    const mine = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'proxy-42' } })
    const made = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } })
    expect(mine.headers.get('x-request-id')).toBe('proxy-42')
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('request bodies', () => {
  it('should refuse a declared body over the limit with 413 before Payload reads it', async () => {
    const answer = await raw([
      'POST /api/articles HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${MAX_BODY + 1}`,
      'Connection: close',
    ])
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
  })

  it('should refuse a chunked body without a length with 411', async () => {
    const answer = await raw(
      [
        'POST /api/graphql HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        'Connection: close',
      ],
      '5\r\n{"a":\r\n0\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 411 /)
  })
})

describe('paths', () => {
  it.each([
    ['a broken percent-encoding', '/api/articles/%E0%A4%A'],
    ['a NUL byte', '/api/articles/%00'],
    ['an encoded slash', '/api/articles/..%2F..%2Fusers'],
    ['an encoded backslash', '/api/articles/..%5Cusers'],
  ])('should answer an id with %s with 400', async (_label, path) => {
    const response = await fetch(`${base}${path}`)
    expect(response.status).toBe(400)
  })
})

// Regression: Next normalised these paths and served /api, but Express matched /api on the raw path, so the rate
// limit, the body limit and the path check were skipped.
describe('paths not in normal form', () => {
  it.each(['/./api/tags', '/admin/../api/tags', '/_next/../api/tags', '//api/tags', '/%2e/api/tags', '/api/tags/.'])(
    'should answer %s with 400',
    async (path) => {
      const answer = await raw([`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'])
      expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    },
  )

  it('should refuse a chunked body on any path, not only under /api', async () => {
    const answer = await raw(
      [
        'POST /admin HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        'Connection: close',
      ],
      '5\r\n{"a":\r\n0\r\n\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 411 /)
  })
})

describe('methods and query strings', () => {
  // Regression: both failed with a 500 inside Payload.
  it('should answer TRACE with 405', async () => {
    const answer = await raw(['TRACE /api/tags HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close'])
    expect(answer).toMatch(/^HTTP\/1\.1 405 /)
  })

  it.each(['where=foo', 'where=[1]', 'where=1&where=2'])('should answer %s with 400', async (query) => {
    const response = await fetch(`${base}/api/articles?${query}`)
    expect(response.status).toBe(400)
  })

  // Regression: a 6 MB where with 100,000 or-clauses, sent as a method-override POST, kept the server busy 14 s.
  it('should refuse a method-override body over 64 KiB with 413, and take a small one', async () => {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Payload-HTTP-Method-Override': 'GET' }
    const clauses = (count: number) =>
      JSON.stringify({ or: Array.from({ length: count }, (_, i) => ({ title: { like: `t${i}` } })) })
    const big = await fetch(`${base}/api/articles`, {
      body: `where=${encodeURIComponent(clauses(3000))}`,
      headers,
      method: 'POST',
    })
    const small = await fetch(`${base}/api/articles`, {
      body: `where=${encodeURIComponent(clauses(3))}`,
      headers,
      method: 'POST',
    })
    expect([big.status, small.status]).toEqual([413, 200])
  })

  it('should still take where as JSON', async () => {
    const response = await fetch(`${base}/api/articles?where=${encodeURIComponent('{"title":{"equals":"x"}}')}`)
    expect(response.status).toBe(200)
  })
})

describe('GraphQL in production', () => {
  it('should refuse introspection', async () => {
    const response = await fetch(`${base}/api/graphql`, {
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    const body = await response.json()
    expect(body.data?.__schema ?? null).toBeNull()
    expect(JSON.stringify(body.errors)).toMatch(/introspection/i)
  })

  // The route file serves the guarded handler (tests/int/badInput.int.spec.ts has the cases).
  it.each([
    ['malformed JSON', '{"query": "{ Articles { docs { title } } }"', /Invalid JSON/],
    [
      'a fragment cycle',
      JSON.stringify({ query: '{ Articles { docs { ...A } } } fragment A on Article { ...A }' }),
      /within itself/,
    ],
  ])('should answer %s with 400, CORS headers kept', async (_label, body, message) => {
    const response = await fetch(`${base}/api/graphql`, {
      body,
      headers: { 'Content-Type': 'application/json', Origin: base },
      method: 'POST',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('access-control-allow-origin')).toBe(base)
    expect(JSON.stringify(await response.json())).toMatch(message)
  })
})

describe('upgrades', () => {
  it('should refuse a websocket upgrade in production', async () => {
    const answer = await raw([
      'GET /api/graphql HTTP/1.1',
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ])
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
  })
})

// Issue 15, item 14: refused server functions (anonymous, not allowed, another site) answered 500.
/** A user's token from a REST login (from an address of its own, so the brute-force tests' limits stay apart). */
async function tokenOf(email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/users/login`, {
    body: JSON.stringify({ email, password }),
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.50' },
    method: 'POST',
  })
  return ((await response.json()) as { token: string }).token
}

describe('admin server functions', () => {
  /** The id of the server action src/app/(payload)/layout.tsx defines, from the build's manifest. */
  const actionId = (): string => {
    const manifest = JSON.parse(
      readFileSync(path.join(projectRoot, '.next/server/server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, { filename: string }> }
    const [id] = Object.entries(manifest.node).find(([, entry]) => entry.filename === 'src/app/(payload)/layout.tsx')!
    return id
  }

  /** Posts a server-function call as the admin panel does (React's encoding of one plain-JSON argument). */
  const call = (name: string, args: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${base}/admin`, {
      body: JSON.stringify([{ name, args }]),
      headers: {
        Accept: 'text/x-component',
        'Content-Type': 'text/plain;charset=UTF-8',
        'Next-Action': actionId(),
        Origin: base,
        ...headers,
      },
      method: 'POST',
    })

  const slugifyArgs = { collectionSlug: 'articles', path: 'slug', valueToSlugify: 'Server functions' }
  let adminToken: string
  let writerToken: string

  beforeAll(async () => {
    adminToken = await tokenOf(admin.email, admin.password)
    const writer = { email: 'writer@newsdesk.test', password: 'pw-writer-0123456789', roles: ['writer'] }
    const created = await fetch(`${base}/api/users`, {
      body: JSON.stringify(writer),
      headers: { Authorization: `JWT ${adminToken}`, 'Content-Type': 'application/json' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    writerToken = await tokenOf(writer.email, writer.password)
  })

  it("should answer an admin's call with 200", async () => {
    const response = await call('slugify', slugifyArgs, { Authorization: `JWT ${adminToken}` })
    expect([response.status, (await response.text()).includes('server-functions')]).toStrictEqual([200, true])
  })

  it('should answer an anonymous call with 401', async () => {
    const response = await call('slugify', slugifyArgs)
    expect(response.status).toBe(401)
  })

  it("should answer a writer's scheduled publish with 403", async () => {
    const args = { type: 'publish', date: '2099-01-01T00:00:00.000Z', doc: { relationTo: 'articles', value: '1' } }
    const response = await call('schedule-publish', args, { Authorization: `JWT ${writerToken}` })
    expect(response.status).toBe(403)
  })

  it('should answer a call of a function that does not exist with 404', async () => {
    const response = await call('no-such-function', {}, { Authorization: `JWT ${adminToken}` })
    expect(response.status).toBe(404)
  })

  it('should answer a call from another site with 403 naming its origin', async () => {
    const response = await call('slugify', slugifyArgs, {
      Authorization: `JWT ${adminToken}`,
      Origin: 'https://evil.example',
    })
    const body = (await response.json()) as { errors: Array<{ message: string }> }
    expect([response.status, body.errors[0]?.message]).toStrictEqual([
      403,
      'Server actions are accepted from this site only; this one came from "https://evil.example".',
    ])
  })
})

describe('admin pages', () => {
  let adminToken: string
  let articleId: number | string

  beforeAll(async () => {
    adminToken = await tokenOf(admin.email, admin.password)
    const created = await fetch(`${base}/api/articles`, {
      body: JSON.stringify({ _status: 'draft', title: 'Admin pages' }),
      headers: { Authorization: `JWT ${adminToken}`, 'Content-Type': 'application/json' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    articleId = ((await created.json()) as { doc: { id: number | string } }).doc.id
  })

  const statusOf = async (path: string) =>
    (await fetch(`${base}${path}`, { headers: { Authorization: `JWT ${adminToken}` }, redirect: 'manual' })).status

  // Payload renders its "Nothing found" view with 200 for a document sub-view it does not know; the patch in
  // patches/ makes that a 404 like the rest.
  it.each([
    [
      'a sub-view the document does not have',
      (id: number | string) => `/admin/collections/articles/${id}/no-such-view`,
    ],
    ['a deeper unknown path', (id: number | string) => `/admin/collections/articles/${id}/no/such/view`],
    ['an unknown collection', () => '/admin/collections/no-such-collection'],
    ['an unknown view', () => '/admin/no-such-view'],
  ])('should answer %s with 404', async (_name, path) => {
    expect(await statusOf(path(articleId))).toBe(404)
  })

  it('should answer a create page with a stray segment with 404, saving no empty draft', async () => {
    const drafts = async () => {
      const response = await fetch(`${base}/api/articles?draft=true&limit=0`, {
        headers: { Authorization: `JWT ${adminToken}` },
      })
      return ((await response.json()) as { totalDocs: number }).totalDocs
    }
    const before = await drafts()
    expect([await statusOf('/admin/collections/articles/create/no-such-view'), await drafts()]).toStrictEqual([
      404,
      before,
    ])
  })

  it("should answer the document's own views with 200", async () => {
    const paths = ['', '/versions', '/api'].map((view) => `/admin/collections/articles/${articleId}${view}`)
    expect(await Promise.all(paths.map(statusOf))).toStrictEqual([200, 200, 200])
  })
})

describe('brute force', () => {
  const ATTACKER = '203.0.113.7'
  const login = (email: string, password: string, door: 'graphql' | 'rest', client: string) => {
    const headers = { 'Content-Type': 'application/json', 'X-Forwarded-For': client }
    const request =
      door === 'rest'
        ? fetch(`${base}/api/users/login`, { body: JSON.stringify({ email, password }), headers, method: 'POST' })
        : fetch(`${base}/api/graphql`, {
            body: JSON.stringify({
              query: `mutation { loginUser(email: ${JSON.stringify(email)}, password: ${JSON.stringify(password)}) { token } }`,
            }),
            headers,
            method: 'POST',
          })
    return request.then(async (response) => ({ body: await response.text(), status: response.status }))
  }

  it('should answer a wrong password and an unknown email alike', async () => {
    const known = await login(admin.email, 'wrong-password-1', 'rest', '198.51.100.1')
    const unknown = await login('nobody@newsdesk.test', 'wrong-password-1', 'rest', '198.51.100.1')
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body])
  })

  it('should throttle 200 wrong logins from one client over REST and GraphQL', async () => {
    const bodies: string[] = []
    for (let attempt = 0; attempt < 200; attempt += 1) {
      bodies.push((await login(admin.email, `wrong-${attempt}`, attempt % 2 ? 'graphql' : 'rest', ATTACKER)).body)
    }
    const throttled = bodies.filter((body) => body.includes('Too many attempts'))
    expect(throttled).toHaveLength(200 - AUTH_ATTEMPTS)
    expect(bodies.slice(AUTH_ATTEMPTS).every((body) => body.includes('Too many attempts'))).toBe(true)
  })

  it('should keep the account locked: the right password from another client is refused', async () => {
    const right = await login(admin.email, admin.password, 'rest', '198.51.100.2')
    expect(right.status).toBe(401)
    expect(right.body).toMatch(/locked/i)
  })

  // Regression: a locked account answered "This user is locked…", which no unknown email gets.
  it.each(['rest', 'graphql'] as const)(
    'should answer the locked account as an unknown email over %s',
    async (door) => {
      const lockedAnswer = await login(admin.email, admin.password, door, '198.51.100.3')
      const unknownAnswer = await login('nobody@newsdesk.test', admin.password, door, '198.51.100.3')
      expect(lockedAnswer).toEqual(unknownAnswer)
    },
  )
})

describe('general API rate limit', () => {
  // Each URL once: a repeated anonymous read is a cache hit, which does not count (README, Caching).
  it('should answer 429 once a client exceeds the per-minute limit, and only that client', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < API_PER_MINUTE + 1; attempt += 1) {
      const url = `${base}/api/tags?where[name][not_equals]=t${attempt}`
      statuses.push((await fetch(url, { headers: { 'X-Forwarded-For': '192.0.2.10' } })).status)
    }
    const other = await fetch(`${base}/api/tags`, { headers: { 'X-Forwarded-For': '192.0.2.11' } })
    expect(statuses.slice(0, API_PER_MINUTE).every((status) => status === 200)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
    expect(other.status).toBe(200)
  })
})

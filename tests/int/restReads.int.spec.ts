import type { AddressInfo, Server } from 'node:net'

import { pino } from 'pino'

import type { TestPayload } from '../helpers/payload'

import { createApp } from '../../src/app'
import { restReads } from '../../src/http/restReads'
import { startPayload } from '../helpers/payload'

// The REST and GraphQL reads Express answers itself in production (src/http/restReads.ts), with a stub in Next's
// place: what reaches the stub is what Next would still answer.
let ctx: TestPayload
let server: Server
let base: string
const handed: string[] = []
let draftId: number | string

beforeAll(async () => {
  ctx = await startPayload('restReads')
  await ctx.payload.create({ collection: 'articles', data: { _status: 'published', title: 'Harbour reopens' } })
  const draft = await ctx.payload.create({ collection: 'articles', data: { _status: 'draft', title: 'Embargoed' } })
  draftId = draft.id
  const app = createApp({
    // The instance startPayload made first has Payload's default key.
    apiReads: restReads({ config: ctx.config, origin: 'http://cms.example.test', payloadKey: 'default' }),
    handle: (req, res) => {
      handed.push(`${req.method} ${req.originalUrl}`)
      res.json({ handed: true })
    },
    http: { apiRequestsPerMinute: 1_000, maxBodyBytes: 100_000, trustProxyHops: 0 },
    isProduction: true,
    logger: pino({ level: 'silent' }),
    probe: { check: () => Promise.resolve() },
  })
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await ctx.stop()
})

describe('REST reads answered before Next', () => {
  it("should answer a read with Payload's own answer, and an anonymous reader no draft", async () => {
    handed.length = 0
    const list = await fetch(`${base}/api/articles?sort=title&depth=0`)
    const { docs } = (await list.json()) as { docs: Array<{ title: string }> }
    const draft = await fetch(`${base}/api/articles/${draftId}`)
    const missing = await fetch(`${base}/api/no-such-collection`)
    expect({
      draft: draft.status,
      handed,
      list: [list.status, list.headers.get('content-type'), docs.map((doc) => doc.title)],
      missing: [missing.status, ((await missing.json()) as { message: string }).message],
    }).toStrictEqual({
      draft: 404,
      handed: [],
      list: [200, 'application/json', ['Harbour reopens']],
      missing: [404, 'Route not found "/api/no-such-collection"'],
    })
  })

  it('should answer a HEAD as its GET, without the body', async () => {
    handed.length = 0
    const get = await fetch(`${base}/api/articles?depth=0`)
    const head = await fetch(`${base}/api/articles?depth=0`, { method: 'HEAD' })
    expect({
      handed,
      head: [head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength],
    }).toStrictEqual({ handed: [], head: [get.status, get.headers.get('content-type'), 0] })
  })

  it("should answer GraphQL reads over GET, in GraphQL's shape, errors included, and no draft", async () => {
    handed.length = 0
    const read = async (query: string) => {
      const response = await fetch(`${base}/api/graphql?query=${encodeURIComponent(query)}`)
      // Parsed here: objects fetch parses come from another realm, which toStrictEqual tells apart.
      return [response.status, JSON.parse(await response.text()) as unknown]
    }
    // The answer to a one-field query whose resolver threw Payload's error `name`, in Payload's GraphQL shape.
    const refused = (error: { field: string; message: string; name: string; statusCode: number }) => ({
      data: { [error.field]: null },
      errors: [
        {
          extensions: { name: error.name, statusCode: error.statusCode },
          locations: [{ column: 3, line: 1 }],
          message: error.message,
          path: [error.field],
        },
      ],
    })
    expect({
      articles: await read('{ Articles(sort: "title") { docs { title } } }'),
      draft: await read(`{ Article(id: ${JSON.stringify(draftId)}) { title } }`),
      handed,
      mutation: await read('mutation { deleteArticle(id: 1) { id } }'),
      users: await read('{ Users { docs { email } } }'),
    }).toStrictEqual({
      articles: [200, { data: { Articles: { docs: [{ title: 'Harbour reopens' }] } } }],
      draft: [200, refused({ name: 'NotFound', field: 'Article', message: 'Not Found', statusCode: 404 })],
      handed: [],
      mutation: [405, { errors: [{ message: 'Mutations are sent with POST.' }] }],
      users: [
        200,
        refused({
          name: 'Forbidden',
          field: 'Users',
          message: 'You are not allowed to perform this action.',
          statusCode: 403,
        }),
      ],
    })
  })

  it('should hand writes, OPTIONS and GraphQL over POST on to Next', async () => {
    handed.length = 0
    await fetch(`${base}/api/articles`, { body: '{}', headers: { 'Content-Type': 'application/json' }, method: 'POST' })
    await fetch(`${base}/api/articles`, { method: 'OPTIONS' })
    await fetch(`${base}/api/graphql`, {
      body: JSON.stringify({ query: '{ Articles { docs { title } } }' }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    expect(handed).toStrictEqual(['POST /api/articles', 'OPTIONS /api/articles', 'POST /api/graphql'])
  })
})

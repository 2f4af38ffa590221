import type { TestPayload } from '../helpers/payload'

import { graphqlClient, restClient } from '../helpers/api'
import { createAccount, startPayload } from '../helpers/payload'

// A reader who may not see drafts and asks for `draft=true` gets the published version of every story. Payload
// read such lists from each story's latest version, so a published story with a newer pending draft was missing.
let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let editorToken: string
let rewrittenId: number | string

beforeAll(async () => {
  ctx = await startPayload('draft-reads')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  editorToken = (await createAccount(ctx.payload, ['editor'])).token
  const rewritten = await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'published', publishedAt: '2026-11-01T08:00:00.000Z', title: 'Port reopens' },
  })
  rewrittenId = rewritten.id
  await ctx.payload.update({
    id: rewrittenId,
    collection: 'articles',
    data: { title: 'Port reopens after a week' },
    draft: true,
  })
  await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'published', publishedAt: '2026-11-02T08:00:00.000Z', title: 'Ferry timetable' },
  })
  await ctx.payload.create({ collection: 'articles', data: { title: 'Never published' }, draft: true })
})

afterAll(async () => {
  await ctx.stop()
})

const PUBLISHED = ['Ferry timetable', 'Port reopens']

describe('draft=true for readers who may not see drafts', () => {
  it('over REST, lists every published story, as published', async () => {
    const { body, status } = await rest.get('articles?draft=true&sort=-publishedAt')
    expect(status).toBe(200)
    expect(body.docs.map((doc: { title: string }) => doc.title)).toStrictEqual(PUBLISHED)
    expect(body.totalDocs).toBe(2)
  })

  it('over REST by id, answers the published version', async () => {
    const { body } = await rest.get(`articles/${rewrittenId}?draft=true`)
    expect([body.title, body._status]).toStrictEqual(['Port reopens', 'published'])
  })

  it('over GraphQL, lists every published story, as published', async () => {
    const { body } = await graphql('{ Articles(draft: true, sort: "-publishedAt") { docs { title _status } } }')
    expect(body.errors).toBeUndefined()
    expect(body.data.Articles.docs).toStrictEqual(PUBLISHED.map((title) => ({ _status: 'published', title })))
  })

  it('the Local API with overrideAccess: false lists every published story', async () => {
    const { docs } = await ctx.payload.find({
      collection: 'articles',
      draft: true,
      overrideAccess: false,
      sort: '-publishedAt',
    })
    expect(docs.map((doc) => doc.title)).toStrictEqual(PUBLISHED)
  })

  it('staff still read the latest drafts', async () => {
    const { body } = await rest.get('articles?draft=true&sort=-publishedAt', { token: editorToken })
    expect(body.docs.map((doc: { title: string }) => doc.title)).toStrictEqual([
      'Ferry timetable',
      'Port reopens after a week',
      'Never published',
    ])
  })
})

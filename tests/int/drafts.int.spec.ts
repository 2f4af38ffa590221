import type { User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { graphqlClient, restClient } from '../helpers/api'
import { createAccount, startPayload } from '../helpers/payload'

// Drafts obey every size and shape limit a published save obeys (plugins/apiGuards/hooks/validateDrafts.ts);
// only required fields may stay empty, so an autosave can create an article before it has a title.
/** Payload's default longest text (`defaultMaxTextLength`), for text and textarea fields without their own. */
const LONGEST_TEXT = 40_000

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let writer: User
let writerToken: string
let draftId: number | string

beforeAll(async () => {
  ctx = await startPayload('drafts')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  const author = await ctx.payload.create({ collection: 'authors', data: { name: 'Dora Draft' } })
  const account = await createAccount(ctx.payload, ['writer'], { author: author.id })
  writer = account.user
  writerToken = account.token
  const draft = await ctx.payload.create({
    collection: 'articles',
    data: { authors: [author.id], title: 'A draft in progress' },
    draft: true,
  })
  draftId = draft.id
})

afterAll(async () => {
  await ctx.stop()
})

/** [what the draft holds, its data, the field path the refusal must name] */
const REFUSED: Array<[string, Record<string, unknown>, string]> = [
  ['a title over the longest text', { title: 'x'.repeat(LONGEST_TEXT + 1) }, 'title'],
  ['an excerpt over the longest text', { excerpt: 'x'.repeat(LONGEST_TEXT + 1) }, 'excerpt'],
  ['an SEO title over the longest text', { meta: { title: 'x'.repeat(LONGEST_TEXT + 1) } }, 'meta.title'],
  ['a javascript: canonical URL', { meta: { canonicalUrl: 'javascript:alert(1)' } }, 'meta.canonicalUrl'],
  ['an author id no document can have', { authors: ['not-an-id'] }, 'authors'],
  ['a hero image id no document can have', { heroImage: 'not-an-id' }, 'heroImage'],
  ['a publishedAt that is not a date', { publishedAt: 'next tuesday' }, 'publishedAt'],
]

/** The field paths a refused write names, from Payload's ValidationError body. */
const refusedPaths = (body: Record<string, unknown>): string[] =>
  ((body.errors ?? []) as Array<{ data?: { errors?: Array<{ path: string }> } }>).flatMap((error) =>
    (error.data?.errors ?? []).map(({ path }) => path),
  )

describe('draft saves', () => {
  it.each(REFUSED)('should refuse a new draft with %s over REST, naming the field', async (_label, data, path) => {
    const { body, status } = await rest.post('articles?draft=true', {
      body: { title: 'Refused draft', ...data },
      token: writerToken,
    })
    expect({ paths: refusedPaths(body), status }).toEqual({ paths: [path], status: 400 })
  })

  it.each(REFUSED)('should refuse an autosave with %s over REST, naming the field', async (_label, data, path) => {
    const { body, status } = await rest.patch(`articles/${draftId}?draft=true&autosave=true`, {
      body: data,
      token: writerToken,
    })
    expect({ paths: refusedPaths(body), status }).toEqual({ paths: [path], status: 400 })
  })

  it.each(REFUSED)('should refuse a draft with %s through the Local API as the writer', async (_label, data, path) => {
    const attempt = ctx.payload.create({
      collection: 'articles',
      data: { title: 'Refused draft', ...data },
      draft: true,
      overrideAccess: false,
      user: writer,
    })
    await expect(attempt).rejects.toMatchObject({ data: { errors: [expect.objectContaining({ path })] }, status: 400 })
  })

  it('should refuse a draft with a title over the longest text over GraphQL', async () => {
    const { body } = await graphql(
      'mutation ($title: String!) { createArticle(draft: true, data: { title: $title }) { id } }',
      { token: writerToken, variables: { title: 'x'.repeat(LONGEST_TEXT + 1) } },
    )
    expect(body.errors?.[0]?.message).toBe('The following field is invalid: title')
  })

  it('should keep the stored draft as it was after a refused autosave', async () => {
    await rest.patch(`articles/${draftId}?draft=true&autosave=true`, {
      body: { title: 'x'.repeat(LONGEST_TEXT + 1) },
      token: writerToken,
    })
    const stored = await ctx.payload.findByID({ id: draftId, collection: 'articles', draft: true })
    expect(stored.title).toBe('A draft in progress')
  })

  it('should still let an autosave create an article without a title', async () => {
    const { body, status } = await rest.post('articles?draft=true&autosave=true', { body: {}, token: writerToken })
    expect({ hasTitle: Boolean(body.doc.title), status }).toEqual({ hasTitle: false, status: 201 })
  })

  it('should take a draft title of exactly the longest text', async () => {
    const { status } = await rest.post('articles?draft=true', {
      body: { title: 'x'.repeat(LONGEST_TEXT) },
      token: writerToken,
    })
    expect(status).toBe(201)
  })

  it('should still refuse publishing an article without a title', async () => {
    // @ts-expect-error the title, which a published article requires, is what this leaves out
    const attempt = ctx.payload.create({ collection: 'articles', data: { _status: 'published' } })
    await expect(attempt).rejects.toMatchObject({ data: { errors: [expect.objectContaining({ path: 'title' })] } })
  })
})

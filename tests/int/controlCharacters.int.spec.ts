import type { User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { graphqlClient, restClient } from '../helpers/api'
import { createAccount, loginAs, startPayload } from '../helpers/payload'

// Issue round two, item 8: a NUL in a title was stored whole in the article row and cut short in its version row.
// Text fields refuse control characters through every door, as the importer refuses them in a file
// (plugins/apiGuards/hooks/refuseControlCharacters.ts).

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let writer: User
let writerToken: string
let editorToken: string
let draftId: number | string

beforeAll(async () => {
  ctx = await startPayload('control-characters')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  editorToken = await loginAs(ctx.payload, ['editor'])
  const author = await ctx.payload.create({ collection: 'authors', data: { name: 'Cora Control' } })
  const account = await createAccount(ctx.payload, ['writer'], { author: author.id })
  writer = account.user
  writerToken = account.token
  const draft = await ctx.payload.create({
    collection: 'articles',
    data: { authors: [author.id], title: 'Clean draft' },
    draft: true,
  })
  draftId = draft.id
})

afterAll(async () => {
  await ctx.stop()
})

/** The field paths and messages a refused write names, from Payload's ValidationError body. */
const refusals = (body: Record<string, unknown>): Array<{ message: string; path: string }> =>
  ((body.errors ?? []) as Array<{ data?: { errors?: Array<{ message: string; path: string }> } }>).flatMap((error) =>
    (error.data?.errors ?? []).map(({ message, path }) => ({ message, path })),
  )

/** [what holds the character, the article data, the path named, the character] */
const ARTICLE_CASES: Array<[string, Record<string, unknown>, string, string]> = [
  ['a NUL in the title', { title: 'Before\u0000After' }, 'title', 'U+0000'],
  ['an escape in the excerpt', { excerpt: 'Colour \u001b[31mred' }, 'excerpt', 'U+001B'],
  ['a DEL in the SEO title', { meta: { title: 'Deleted\u007f' } }, 'meta.title', 'U+007F'],
  ['a NUL inside the body', { content: paragraphsToLexical(['Body \u0000 text.']) }, 'content', 'U+0000'],
  [
    'a vertical tab in the canonical URL',
    { meta: { canonicalUrl: 'https://a.test/\u000b' } },
    'meta.canonicalUrl',
    'U+000B',
  ],
]

const refusal = (path: string, code: string) => [
  { message: `holds the control character ${code}, which text may not hold.`, path },
]

describe('control characters in text fields', () => {
  it.each(ARTICLE_CASES)('should refuse %s in a published save over REST', async (_label, data, path, code) => {
    const { body, status } = await rest.post('articles', {
      body: { _status: 'published', title: 'Published', ...data },
      token: editorToken,
    })
    expect({ refusals: refusals(body), status }).toEqual({ refusals: refusal(path, code), status: 400 })
  })

  it.each(ARTICLE_CASES)("should refuse %s in a writer's draft over REST", async (_label, data, path, code) => {
    const { body, status } = await rest.post('articles?draft=true', {
      body: { title: 'Draft', ...data },
      token: writerToken,
    })
    expect({ refusals: refusals(body), status }).toEqual({ refusals: refusal(path, code), status: 400 })
  })

  it.each(ARTICLE_CASES)('should refuse %s in an autosave over REST', async (_label, data, path, code) => {
    const { body, status } = await rest.patch(`articles/${draftId}?draft=true&autosave=true`, {
      body: data,
      token: writerToken,
    })
    expect({ refusals: refusals(body), status }).toEqual({ refusals: refusal(path, code), status: 400 })
  })

  it.each(ARTICLE_CASES)('should refuse %s through the Local API as the writer', async (_label, data, path, code) => {
    const attempt = ctx.payload.create({
      collection: 'articles',
      data: { title: 'Draft', ...data },
      draft: true,
      overrideAccess: false,
      user: writer,
    })
    await expect(attempt).rejects.toMatchObject({ data: { errors: refusal(path, code) }, status: 400 })
  })

  it('should refuse a NUL in a title over GraphQL', async () => {
    const { body } = await graphql(
      'mutation ($title: String!) { createArticle(draft: true, data: { title: $title }) { id } }',
      { token: writerToken, variables: { title: 'Before\u0000After' } },
    )
    expect(body.errors?.[0]?.message).toBe('The following field is invalid: title')
  })

  it('should store no article and no version from a refused save', async () => {
    await rest.post('articles?draft=true', { body: { title: 'Stored\u0000not' }, token: writerToken })
    await rest.patch(`articles/${draftId}?draft=true`, { body: { title: 'Stored\u0000not' }, token: writerToken })
    const articles = await ctx.payload.count({ collection: 'articles', where: { title: { like: 'Stored' } } })
    const versions = await ctx.payload.countVersions({
      collection: 'articles',
      where: { 'version.title': { like: 'Stored' } },
    })
    expect([articles.totalDocs, versions.totalDocs]).toEqual([0, 0])
  })

  it('should refuse a control character in the text fields of other collections too', async () => {
    const { body, status } = await rest.post('authors', { body: { name: 'Nul\u0000Name' }, token: editorToken })
    expect({ refusals: refusals(body), status }).toEqual({ refusals: refusal('name', 'U+0000'), status: 400 })
  })

  it('should keep tabs and line breaks, which lay out text', async () => {
    const { body, status } = await rest.post('articles?draft=true', {
      body: { excerpt: 'One\tTwo\r\nThree\fFour', title: 'Laid out' },
      token: writerToken,
    })
    expect({ excerpt: body.doc?.excerpt, status }).toEqual({ excerpt: 'One\tTwo\r\nThree\fFour', status: 201 })
  })
})

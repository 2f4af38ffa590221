// The SDK example (examples/newsClient.ts) against the REST handlers: what a frontend written like it gets.
import type { TestPayload } from '../helpers/payload'

import { articleBySlug, createNewsClient, latestHeadlines } from '../../examples/newsClient'
import { paragraphsToLexical } from '../../seed/formats/lexical'
import { importDocuments } from '../../seed/importDocuments'
import { restFetch } from '../helpers/api'
import { startPayload } from '../helpers/payload'
import { SAMPLE, samplePath } from '../helpers/sample'

let ctx: TestPayload
let client: ReturnType<typeof createNewsClient>
let draftSlug: string

beforeAll(async () => {
  ctx = await startPayload('news_client')
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const draft = await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'draft', content: paragraphsToLexical(['Not yet.']), title: 'Embargoed scoop' },
    draft: true,
  })
  draftSlug = draft.slug!
  client = createNewsClient({ baseURL: 'http://localhost:3000/api', fetch: restFetch(ctx.config) })
})

afterAll(async () => {
  await ctx.stop()
})

describe('the SDK example', () => {
  it('should list the published headlines with their bylines, drafts left out', async () => {
    const headlines = await latestHeadlines(client)
    expect(headlines).toEqual([
      { slug: SAMPLE.slug, byline: [SAMPLE.author.name], publishedAt: expect.any(String), title: SAMPLE.title },
    ])
  })

  it('should read a story by slug with its authors populated', async () => {
    const article = await articleBySlug(client, SAMPLE.slug)
    expect(article).toMatchObject({ authors: [SAMPLE.author], title: SAMPLE.title, wordCount: SAMPLE.wordCount })
  })

  it('should answer null for the slug of a draft', async () => {
    expect(draftSlug).toBe('embargoed-scoop')
    expect(await articleBySlug(client, draftSlug)).toBeNull()
  })

  it('should reject with the API error message when the API refuses the query', async () => {
    await expect(latestHeadlines(client, 1000)).rejects.toThrow('limit must be between 1 and 100 without logging in.')
  })
})

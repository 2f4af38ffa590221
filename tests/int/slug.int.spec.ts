import type { TestPayload } from '../helpers/payload'

import { graphqlClient, restClient } from '../helpers/api'
import { loginAs, startPayload } from '../helpers/payload'

let ctx: TestPayload
let editorToken: string

beforeAll(async () => {
  ctx = await startPayload('slug')
  editorToken = await loginAs(ctx.payload, ['editor'])
})

afterAll(async () => {
  await ctx.stop()
})

const createArticle = (data: { slug?: string; title: string }) =>
  ctx.payload.create({ collection: 'articles', data: { ...data, _status: 'draft' }, draft: true })

describe('article slugs', () => {
  it('should derive the slug from the title', async () => {
    const article = await createArticle({ title: 'Ça va? Élections à Zürich' })
    expect(article.slug).toBe('ca-va-elections-a-zurich')
  })

  it('should suffix -2 and -3 when the slug is taken', async () => {
    const first = await createArticle({ title: 'Storm warning' })
    const second = await createArticle({ title: 'Storm Warning!' })
    const third = await createArticle({ title: 'storm warning' })
    expect([first.slug, second.slug, third.slug]).toEqual(['storm-warning', 'storm-warning-2', 'storm-warning-3'])
  })

  it('should keep the slug when the title is edited', async () => {
    const article = await createArticle({ title: 'Original headline' })
    const updated = await ctx.payload.update({
      id: article.id,
      collection: 'articles',
      data: { title: 'A completely different headline' },
    })
    expect(updated.slug).toBe('original-headline')
  })

  it('should normalise a slug an editor types', async () => {
    const article = await createArticle({ slug: 'My Custom Slug!', title: 'Anything' })
    expect(article.slug).toBe('my-custom-slug')
  })

  // Regression: on SQLite, concurrent saves failed at once with SQLITE_BUSY (libsql's fresh connections and a
  // synchronous driver); on MongoDB, racing transactions conflicted or (on jongodb) stored one slug five times.
  // The write transactions of a process now take turns, so every racing create succeeds on both.
  it('should give five concurrent creates of one title five distinct slugs', async () => {
    const created = await Promise.all(Array.from({ length: 5 }, () => createArticle({ title: 'Breaking news' })))
    expect(created.map((article) => article.slug).sort()).toEqual([
      'breaking-news',
      'breaking-news-2',
      'breaking-news-3',
      'breaking-news-4',
      'breaking-news-5',
    ])
  })
})

// Issue round two, item 12: a duplicate's slug was `<slug> - Copy` (spaces, capitals), and a second duplicate
// failed with "Value must be unique".
describe('duplicate slugs', () => {
  it('should give duplicates -2, -3, … through REST, GraphQL and the Local API alike', async () => {
    const source = await createArticle({ title: 'Storm over the harbour' })
    const viaRest = await restClient(ctx.config).post(`articles/${source.id}/duplicate`, {
      body: { _status: 'draft' },
      token: editorToken,
    })
    const viaGraphql = await graphqlClient(ctx.config)(
      // GraphQL's input type asks for the title, which duplicates keep.
      `mutation { duplicateArticle(id: ${JSON.stringify(source.id)}, data: { title: "Storm over the harbour", _status: draft }) { slug } }`,
      { token: editorToken },
    )
    const viaLocal = await ctx.payload.duplicate({ id: source.id, collection: 'articles', draft: true })
    expect([viaRest.body.doc?.slug, viaGraphql.body.data?.duplicateArticle?.slug, viaLocal.slug]).toEqual([
      'storm-over-the-harbour-2',
      'storm-over-the-harbour-3',
      'storm-over-the-harbour-4',
    ])
  })

  it('should keep a slug the duplicate names, normalised', async () => {
    const source = await createArticle({ title: 'Copied with a slug' })
    const copy = await ctx.payload.duplicate({
      id: source.id,
      collection: 'articles',
      data: { slug: 'My Own Copy' },
      draft: true,
    })
    expect(copy.slug).toBe('my-own-copy')
  })

  it('should give a duplicated author and tag their own slugs', async () => {
    const author = await ctx.payload.create({ collection: 'authors', data: { name: 'Zoé Double' } })
    const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Doubles' } })
    const copies = [
      (await ctx.payload.duplicate({ id: author.id, collection: 'authors' })).slug,
      (await ctx.payload.duplicate({ id: author.id, collection: 'authors' })).slug,
      (await ctx.payload.duplicate({ id: tag.id, collection: 'tags' })).slug,
    ]
    expect(copies).toEqual(['zoe-double-2', 'zoe-double-3', 'doubles-2'])
  })
})

describe('author slugs', () => {
  it('should transliterate the name', async () => {
    const author = await ctx.payload.create({ collection: 'authors', data: { name: 'Søren Kierkegaard' } })
    expect(author.slug).toBe('soren-kierkegaard')
  })
})

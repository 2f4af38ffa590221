import type { TestPayload } from '../helpers/payload'

type Site = typeof import('../../src/site/content')

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { getSettings } from '../../src/settings'
import { signPreviewToken } from '../../utilities/previewToken'
import { startPayload } from '../helpers/payload'

// What the reference site reads (src/site/content.ts): only what an anonymous reader may, through the Local API
// with overrideAccess false and no user; a draft only through a valid preview token naming it.

// Generated types describe SQLite's numeric ids; on MongoDB the same values are strings. Ids pass through as they come.
type Id = number

let ctx: TestPayload
// Imported once Payload runs on the test's database: the config reads DATABASE_URI when it is first imported.
let findArticle: Site['findArticle']
let findAuthor: Site['findAuthor']
let latestStories: Site['latestStories']
let authorId: Id
let otherAuthorId: Id
let tagId: Id
let draftId: Id
let publishedId: Id

const tokenFor = async (articleId: Id, ttlSeconds = 600) =>
  (await signPreviewToken({ articleId, secret: getSettings().secret.value, ttlSeconds })).token

beforeAll(async () => {
  ctx = await startPayload('site')
  ;({ findArticle, findAuthor, latestStories } = await import('../../src/site/content'))
  const { payload } = ctx
  const author = await payload.create({
    collection: 'authors',
    data: { name: 'Amal Site', email: 'amal@newsdesk.test' },
  })
  const other = await payload.create({ collection: 'authors', data: { name: 'Omar Site' } })
  const tag = await payload.create({ collection: 'tags', data: { name: 'Harbour' } })
  ;[authorId, otherAuthorId, tagId] = [author.id, other.id, tag.id]
  const article = (data: Record<string, unknown>) =>
    payload.create({
      collection: 'articles',
      data: { content: paragraphsToLexical(['The port is open.']), ...data } as never,
    })
  publishedId = (
    await article({
      slug: 'port-open',
      _status: 'published',
      authors: [authorId],
      publishedAt: '2026-01-02T08:00:00.000Z',
      tags: [tagId],
      title: 'Port open',
    })
  ).id
  await article({
    slug: 'ferry-back',
    _status: 'published',
    authors: [otherAuthorId],
    publishedAt: '2026-01-03T08:00:00.000Z',
    title: 'Ferry back',
  })
  const trashed = await article({
    slug: 'taken-down',
    _status: 'published',
    authors: [authorId],
    publishedAt: '2026-01-04T08:00:00.000Z',
    tags: [tagId],
    title: 'Taken down',
  })
  await payload.update({
    id: trashed.id,
    collection: 'articles',
    data: { deletedAt: new Date().toISOString() },
  })
  draftId = (await article({ slug: 'embargoed', _status: 'draft', authors: [authorId], title: 'Embargoed' })).id
}, 120_000)

afterAll(async () => {
  await ctx?.stop()
})

describe('lists', () => {
  it('should list published stories only, newest first, without drafts or the trash', async () => {
    const { docs } = await latestStories({ page: 1 })
    expect(docs.map((doc) => doc.title)).toStrictEqual(['Ferry back', 'Port open'])
  })

  it('should narrow the list to one author, and to one tag', async () => {
    const byAuthor = await latestStories({ page: 1, where: { authors: authorId } })
    const byTag = await latestStories({ page: 1, where: { tags: tagId } })
    expect([byAuthor.docs.map((doc) => doc.title), byTag.docs.map((doc) => doc.title)]).toStrictEqual([
      ['Port open'],
      ['Port open'],
    ])
  })
})

describe('authors', () => {
  it('should show an author without their private email', async () => {
    const author = await findAuthor('amal-site')
    expect([author?.name, author && 'email' in author ? author.email : 'absent']).toStrictEqual(['Amal Site', 'absent'])
  })
})

describe('articles', () => {
  it('should read a published story as readers see it', async () => {
    const { article, isPreview } = await findArticle('port-open')
    expect([article?.id, article?.title, isPreview]).toStrictEqual([publishedId, 'Port open', false])
  })

  it.each([['embargoed'], ['taken-down']])('should not find %s without a preview token', async (slug) => {
    expect(await findArticle(slug)).toStrictEqual({ article: undefined, isPreview: false })
  })

  it('should show a draft through a valid preview token naming it', async () => {
    const { article, isPreview } = await findArticle('embargoed', await tokenFor(draftId))
    expect([article?.title, article?._status, isPreview]).toStrictEqual(['Embargoed', 'draft', true])
  })

  it('should not show a draft through a token naming another story', async () => {
    expect(await findArticle('embargoed', await tokenFor(publishedId))).toStrictEqual({
      article: undefined,
      isPreview: false,
    })
  })

  it('should answer an altered token as any reader, without throwing', async () => {
    const token = await tokenFor(draftId)
    const altered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    expect(await findArticle('embargoed', altered)).toStrictEqual({ article: undefined, isPreview: false })
  })

  it('should not keep a trashed story readable through a preview token', async () => {
    const { docs } = await ctx.payload.find({
      collection: 'articles',
      trash: true,
      where: { slug: { equals: 'taken-down' } },
    })
    expect(await findArticle('taken-down', await tokenFor(docs[0].id))).toStrictEqual({
      article: undefined,
      isPreview: false,
    })
  })
})

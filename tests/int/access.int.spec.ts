import type { Payload } from 'payload'

import type { Article, User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { getSettings } from '../../src/settings'
import { signPreviewToken } from '../../utilities/previewToken'
import { graphqlClient, restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'

// The access matrix: role × operation × door (REST, GraphQL, Local API with overrideAccess: false).
// `previewBearer` holds no session, only a draft preview token for the very article the operation targets.
type Role = 'admin' | 'anonymous' | 'editor' | 'previewBearer' | 'writer' | 'writerOfAnother'
type Operation =
  | 'create'
  | 'createPublished'
  | 'createWithCoAuthor'
  | 'delete'
  | 'draftOverLive'
  | 'editLive'
  | 'find'
  | 'findByID'
  | 'publish'
  | 'readVersions'
  | 'unpublish'
  | 'update'
type Door = 'graphql' | 'local' | 'rest'
type Outcome = 'allow' | 'deny'

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
const tokens: Partial<Record<Role, string>> = {}
const users: Partial<Record<Role, User>> = {}
const authorIds: { a: number | string; b: number | string } = { a: 0, b: 0 }

const PUBLISHED_A = 'Published by Ada'
const DRAFT_A = 'Draft by Ada'
const PUBLISHED_B = 'Published by Ben'
const SECRET_EMAIL = 'ada.private@newsdesk.test'

// Generated types describe SQLite's numeric ids; on MongoDB the same values are strings. Ids pass through as they come.
type AuthorRef = number

async function makeUser(payload: Payload, role: Role, roles: User['roles'], author?: number | string) {
  const email = `${role.toLowerCase()}@newsdesk.test`
  const password = `pw-${role}-0123456789`
  users[role] = await payload.create({
    collection: 'users',
    data: { author: author as AuthorRef, email, password, roles },
  })
  tokens[role] = (await payload.login({ collection: 'users', data: { email, password } })).token
}

async function makeArticle(title: string, status: 'draft' | 'published', author = authorIds.a): Promise<Article> {
  return ctx.payload.create({
    collection: 'articles',
    data: { _status: status, authors: [author as AuthorRef], content: paragraphsToLexical([`${title}.`]), title },
    draft: status === 'draft',
  })
}

beforeAll(async () => {
  ctx = await startPayload('access')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  const { payload } = ctx
  authorIds.a = (await payload.create({ collection: 'authors', data: { name: 'Ada', email: SECRET_EMAIL } })).id
  authorIds.b = (await payload.create({ collection: 'authors', data: { name: 'Ben', email: 'ben@newsdesk.test' } })).id
  await makeUser(payload, 'admin', ['admin'])
  await makeUser(payload, 'editor', ['editor'])
  await makeUser(payload, 'writer', ['writer'], authorIds.a)
  await makeUser(payload, 'writerOfAnother', ['writer'], authorIds.b)
  await makeArticle(PUBLISHED_A, 'published')
  await makeArticle(DRAFT_A, 'draft')
  await makeArticle(PUBLISHED_B, 'published', authorIds.b)
})

afterAll(async () => {
  await ctx.stop()
})

/** A draft preview token for one article, as POST /api/articles/:id/preview mints it. */
async function previewTokenFor(id: number | string): Promise<string> {
  const { previewTokenTtlSeconds, secret } = getSettings()
  return (await signPreviewToken({ articleId: id, secret: secret.value, ttlSeconds: previewTokenTtlSeconds })).token
}

/**
 * What the REST and GraphQL clients send for a role acting on one article: its session token, or for
 * `previewBearer` a whole `Authorization: Preview …` header with a token for that article.
 */
async function authAs(role: Role, id: number | string): Promise<{ authorization: string } | { token?: string }> {
  return role === 'previewBearer' ? { authorization: `Preview ${await previewTokenFor(id)}` } : { token: tokens[role] }
}

/** Performs one operation through one door as one role, on a fresh article where the operation changes one. */
async function attempt(door: Door, role: Role, operation: Operation): Promise<{ outcome: Outcome; titles?: string[] }> {
  const user = users[role]
  const target = ['draftOverLive', 'editLive', 'unpublish'].includes(operation)
    ? await makeArticle(`Target ${operation} ${door} ${role}`, 'published')
    : ['delete', 'publish', 'update'].includes(operation)
      ? await makeArticle(`Target ${operation} ${door} ${role}`, 'draft')
      : undefined
  const id =
    target?.id ??
    (await ctx.payload.find({ collection: 'articles', draft: true, where: { title: { equals: DRAFT_A } } })).docs[0].id
  const auth = await authAs(role, id)
  const preview = 'authorization' in auth ? auth.authorization : undefined
  const newTitle = `Created by ${role} via ${door}`
  const publishedTitle = `Published at creation by ${role} via ${door}`

  if (door === 'rest') {
    const calls: Record<Operation, () => Promise<{ body: Record<string, any>; status: number }>> = {
      create: () =>
        rest.post('articles?draft=true', {
          body: { _status: 'draft', authors: [authorIds.a], title: newTitle },
          ...auth,
        }),
      createPublished: () =>
        rest.post('articles', {
          body: { _status: 'published', authors: [authorIds.a], title: publishedTitle },
          ...auth,
        }),
      createWithCoAuthor: () =>
        rest.post('articles?draft=true', { body: { authors: [authorIds.a, authorIds.b], title: newTitle }, ...auth }),
      delete: () => rest.delete(`articles/${id}`, auth),
      draftOverLive: () => rest.patch(`articles/${id}?draft=true`, { body: { title: 'Draft over live' }, ...auth }),
      editLive: () => rest.patch(`articles/${id}`, { body: { title: 'Edited live' }, ...auth }),
      find: () => rest.get('articles?draft=true&limit=100&sort=title', auth),
      findByID: () => rest.get(`articles/${id}?draft=true`, auth),
      publish: () => rest.patch(`articles/${id}`, { body: { _status: 'published' }, ...auth }),
      readVersions: () => rest.get('articles/versions?limit=100', auth),
      unpublish: () => rest.patch(`articles/${id}`, { body: { _status: 'draft' }, ...auth }),
      update: () => rest.patch(`articles/${id}?draft=true`, { body: { _status: 'draft', title: 'Edited' }, ...auth }),
    }
    const { body, status } = await calls[operation]()
    const outcome = status < 300 ? 'allow' : 'deny'
    return operation === 'find' ? { outcome, titles: body.docs.map((doc: Article) => doc.title) } : { outcome }
  }

  if (door === 'graphql') {
    const literal = JSON.stringify(id)
    const ada = JSON.stringify(authorIds.a)
    const ben = JSON.stringify(authorIds.b)
    const queries: Record<Operation, string> = {
      create: `mutation { createArticle(draft: true, data: { title: ${JSON.stringify(newTitle)}, authors: [${ada}], _status: draft }) { id } }`,
      createPublished: `mutation { createArticle(data: { title: ${JSON.stringify(publishedTitle)}, _status: published }) { id } }`,
      createWithCoAuthor: `mutation { createArticle(draft: true, data: { title: ${JSON.stringify(newTitle)}, authors: [${ada}, ${ben}] }) { id } }`,
      delete: `mutation { deleteArticle(id: ${literal}) { id } }`,
      draftOverLive: `mutation { updateArticle(id: ${literal}, draft: true, data: { title: "Draft over live" }) { id } }`,
      editLive: `mutation { updateArticle(id: ${literal}, data: { title: "Edited live" }) { id } }`,
      find: '{ Articles(draft: true, limit: 100, sort: "title") { docs { title } } }',
      findByID: `{ Article(id: ${literal}, draft: true) { title } }`,
      publish: `mutation { updateArticle(id: ${literal}, data: { _status: published }) { id } }`,
      readVersions: '{ versionsArticles(limit: 100) { docs { id } } }',
      unpublish: `mutation { updateArticle(id: ${literal}, data: { _status: draft }) { id } }`,
      update: `mutation { updateArticle(id: ${literal}, draft: true, data: { title: "Edited" }) { id } }`,
    }
    const { body } = await graphql(queries[operation], auth)
    const data = body.data ? Object.values(body.data)[0] : null
    const outcome = !body.errors && data ? 'allow' : 'deny'
    return operation === 'find'
      ? { outcome, titles: (data as { docs: Article[] } | null)?.docs.map((doc) => doc.title) ?? [] }
      : { outcome }
  }

  const common = preview
    ? ({ overrideAccess: false, req: { headers: new Headers({ authorization: preview }) } } as const)
    : ({ overrideAccess: false, user: user ?? undefined } as const)
  const calls: Record<Operation, () => Promise<unknown>> = {
    create: () =>
      ctx.payload.create({
        ...common,
        collection: 'articles',
        data: { _status: 'draft', authors: [authorIds.a as AuthorRef], title: newTitle },
        draft: true,
      }),
    createPublished: () =>
      ctx.payload.create({ ...common, collection: 'articles', data: { _status: 'published', title: publishedTitle } }),
    createWithCoAuthor: () =>
      ctx.payload.create({
        ...common,
        collection: 'articles',
        data: { authors: [authorIds.a as AuthorRef, authorIds.b as AuthorRef], title: newTitle },
        draft: true,
      }),
    delete: () => ctx.payload.delete({ ...common, id, collection: 'articles' }),
    draftOverLive: () =>
      ctx.payload.update({ ...common, id, collection: 'articles', data: { title: 'Draft over live' }, draft: true }),
    editLive: () => ctx.payload.update({ ...common, id, collection: 'articles', data: { title: 'Edited live' } }),
    find: () => ctx.payload.find({ ...common, collection: 'articles', draft: true, limit: 100, sort: 'title' }),
    findByID: () => ctx.payload.findByID({ ...common, id, collection: 'articles', draft: true }),
    publish: () => ctx.payload.update({ ...common, id, collection: 'articles', data: { _status: 'published' } }),
    readVersions: () => ctx.payload.findVersions({ ...common, collection: 'articles', limit: 100 }),
    unpublish: () => ctx.payload.update({ ...common, id, collection: 'articles', data: { _status: 'draft' } }),
    update: () =>
      ctx.payload.update({
        ...common,
        id,
        collection: 'articles',
        data: { _status: 'draft', title: 'Edited' },
        draft: true,
      }),
  }
  try {
    const result = await calls[operation]()
    return operation === 'find'
      ? { outcome: 'allow', titles: (result as { docs: Article[] }).docs.map((doc) => doc.title) }
      : { outcome: 'allow' }
  } catch {
    return { outcome: 'deny' }
  }
}

/** Expected outcome per operation, role by role. */
const MATRIX: Record<Exclude<Operation, 'find'>, Record<Role, Outcome>> = {
  // Issue round two, item 11: a writer's article must credit their own author profile (create credits Ada only).
  create: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'allow',
    writerOfAnother: 'deny',
  },
  createPublished: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'deny',
    writerOfAnother: 'deny',
  },
  createWithCoAuthor: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'allow',
    writerOfAnother: 'allow',
  },
  delete: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'deny',
    writerOfAnother: 'deny',
  },
  draftOverLive: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'allow',
    writerOfAnother: 'deny',
  },
  editLive: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'deny',
    writerOfAnother: 'deny',
  },
  findByID: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'allow',
    writer: 'allow',
    writerOfAnother: 'allow',
  },
  publish: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'deny',
    writerOfAnother: 'deny',
  },
  readVersions: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'allow',
    writerOfAnother: 'allow',
  },
  unpublish: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'deny',
    writerOfAnother: 'deny',
  },
  update: {
    admin: 'allow',
    anonymous: 'deny',
    editor: 'allow',
    previewBearer: 'deny',
    writer: 'allow',
    writerOfAnother: 'deny',
  },
}
const DOORS: Door[] = ['rest', 'graphql', 'local']
const ROLE_NAMES: Role[] = ['anonymous', 'previewBearer', 'writer', 'writerOfAnother', 'editor', 'admin']

// jongodb answers Payload's delete (findAndModify with remove: true and new: false) with "new is not allowed when
// remove=true"; real MongoDB accepts it. Deletes that should succeed are tagged for that lane.
const gapOf = (operation: Operation, outcome: Outcome) =>
  operation === 'delete' && outcome === 'allow' ? ' [jongodb-gap]' : ''
const cases = DOORS.flatMap((door) =>
  (Object.keys(MATRIX) as Array<keyof typeof MATRIX>).flatMap((operation) =>
    ROLE_NAMES.map(
      (role) => [door, operation, role, MATRIX[operation][role], gapOf(operation, MATRIX[operation][role])] as const,
    ),
  ),
)

// Runs first, while only the three fixture articles exist.
describe('lists', () => {
  it.each(DOORS)('%s: find as anonymous should list exactly the published articles', async (door) => {
    const { outcome, titles } = await attempt(door, 'anonymous', 'find')
    expect(outcome).toBe('allow')
    expect(titles).toEqual([PUBLISHED_A, PUBLISHED_B])
  })

  it.each(DOORS)('%s: find with a preview token should list the published articles and its own draft', async (door) => {
    const { outcome, titles } = await attempt(door, 'previewBearer', 'find')
    expect(outcome).toBe('allow')
    expect(titles).toEqual([DRAFT_A, PUBLISHED_A, PUBLISHED_B])
  })

  it.each(DOORS)('%s: find as a writer should list drafts too', async (door) => {
    const { titles } = await attempt(door, 'writer', 'find')
    expect(titles).toEqual([DRAFT_A, PUBLISHED_A, PUBLISHED_B])
  })
})

describe('access matrix', () => {
  it.each(cases)('%s: %s as %s should %s%s', async (door, operation, role, expected) => {
    expect((await attempt(door, role, operation)).outcome).toBe(expected)
    if (operation === 'createPublished') {
      const stored = await ctx.payload.count({
        collection: 'articles',
        where: { title: { equals: `Published at creation by ${role} via ${door}` } },
      })
      expect(stored.totalDocs).toBe(expected === 'allow' ? 1 : 0)
    }
  })
})

// POST /api/articles/:id/preview is an HTTP endpoint with no GraphQL or Local API counterpart: REST only. Who may
// mint is who may save a draft of the article (its update rule); a preview token is no user.
describe('minting a draft preview token', () => {
  it.each([
    ['anonymous', 401, 'undefined'],
    ['previewBearer', 401, 'undefined'],
    ['writer', 200, 'string'],
    ['writerOfAnother', 403, 'undefined'],
    ['editor', 200, 'string'],
    ['admin', 200, 'string'],
  ] as const)("rest: for Ada's draft as %s should answer %i", async (role, expected, tokenType) => {
    const id = (await ctx.payload.find({ collection: 'articles', draft: true, where: { title: { equals: DRAFT_A } } }))
      .docs[0].id
    const { body, status } = await rest.post(`articles/${id}/preview`, await authAs(role, id))
    expect([status, typeof body.token]).toStrictEqual([expected, tokenType])
  })
})

describe('leaks', () => {
  it.each([
    ['where on a private field', `authors?where[email][equals]=${encodeURIComponent(SECRET_EMAIL)}`],
    ['like on a private field', 'authors?where[email][like]=ada'],
    ['exists on a private field', 'authors?where[email][exists]=true'],
    ['a private field inside or', `authors?where[or][0][email][equals]=${encodeURIComponent(SECRET_EMAIL)}`],
    [
      'a private field of a related document',
      `articles?where[authors.email][equals]=${encodeURIComponent(SECRET_EMAIL)}`,
    ],
    ['users by email', 'users?where[email][like]=admin'],
    ['a sort by a private field', 'authors?sort=email'],
    ['a descending sort by a private field', 'authors?sort=-email'],
  ])('should refuse %s to anonymous readers over REST', async (_label, path) => {
    const { status } = await rest.get(path)
    expect(status).toBeGreaterThanOrEqual(400)
    expect(status).toBeLessThan(500)
  })

  it('should refuse a where on a private field over GraphQL to anonymous readers', async () => {
    const { body } = await graphql(
      `{ Authors(where: { email: { equals: ${JSON.stringify(SECRET_EMAIL)} } }) { docs { name } } }`,
    )
    expect(body.errors?.length).toBeGreaterThan(0)
    expect(body.data?.Authors ?? null).toBeNull()
  })

  it('should let staff filter on the private field', async () => {
    const { body, status } = await rest.get(`authors?where[email][equals]=${encodeURIComponent(SECRET_EMAIL)}`, {
      token: tokens.editor,
    })
    expect(status).toBe(200)
    expect(body.docs.map((doc: { name: string }) => doc.name)).toEqual(['Ada'])
  })

  it('should not show private fields to anonymous readers', async () => {
    const { body } = await rest.get('authors?sort=name&depth=0')
    expect(body.docs.map((doc: Record<string, unknown>) => [doc.name, 'email' in doc])).toEqual([
      ['Ada', false],
      ['Ben', false],
    ])
  })

  it.each(Array.from({ length: 11 }, (_, depth) => depth))(
    'should not reveal a draft through a published article at depth %i',
    async (depth) => {
      const published = (await ctx.payload.find({ collection: 'articles', where: { title: { equals: PUBLISHED_A } } }))
        .docs[0]
      const { body, status } = await rest.get(`articles/${published.id}?depth=${depth}`)
      expect(status).toBe(200)
      expect(JSON.stringify(body)).not.toContain(DRAFT_A)
      expect(JSON.stringify(body)).not.toContain(SECRET_EMAIL)
    },
  )

  // Regression: `?trash=true` and the authors→articles join showed taken-down stories to anyone.
  it('should keep a trashed article from anonymous readers, and show it to staff who ask for the trash', async () => {
    const TAKEN_DOWN = 'Taken down after a complaint'
    const article = await makeArticle(TAKEN_DOWN, 'published')
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
    const where = `where[title][equals]=${encodeURIComponent(TAKEN_DOWN)}`
    const list = await rest.get(`articles?trash=true&${where}`)
    const byId = await rest.get(`articles/${article.id}?trash=true`)
    const count = await rest.get(`articles/count?trash=true&${where}`)
    const overGraphql = await graphql(
      `{ Articles(trash: true, ${`where: { title: { equals: ${JSON.stringify(TAKEN_DOWN)} } }`}) { docs { title } } }`,
    )
    const join = await rest.get('authors?where[name][equals]=Ada&depth=1&joins[articles][limit]=100')
    const staff = await rest.get(`articles?trash=true&${where}`, { token: tokens.editor })
    expect([list.body.docs, byId.status, count.body.totalDocs, overGraphql.body.data.Articles.docs]).toEqual([
      [],
      404,
      0,
      [],
    ])
    expect(join.body.docs[0].articles.docs.map((doc: Article) => doc.title)).not.toContain(TAKEN_DOWN)
    expect(staff.body.docs.map((doc: Article) => doc.title)).toEqual([TAKEN_DOWN])
  })

  it('should not reveal a draft through the authors→articles join', async () => {
    const { body } = await rest.get('authors?where[name][equals]=Ada&depth=1&joins[articles][limit]=100')
    const titles = body.docs[0].articles.docs.map((doc: Article) => doc.title)
    expect(titles).toContain(PUBLISHED_A)
    expect(titles).not.toContain(DRAFT_A)
  })

  it('should not reveal a draft through the join over GraphQL, as deep as the depth limit allows', async () => {
    // Two hops through the authors→articles join: 8 fields deep, the most GRAPHQL_MAX_DEPTH allows.
    const { body } = await graphql(
      '{ Authors { docs { articles(limit: 100) { docs { title authors { articles(limit: 100) { docs { title } } } } } } } }',
    )
    expect(body.errors).toBeUndefined()
    expect(JSON.stringify(body)).not.toContain(DRAFT_A)
    expect(JSON.stringify(body)).toContain(PUBLISHED_A)
  })

  it("should not reveal a draft's renditions through any door", async () => {
    const draft = (
      await ctx.payload.find({ collection: 'articles', draft: true, where: { title: { equals: DRAFT_A } } })
    ).docs[0]
    const viaRest = await rest.get(`articles/${draft.id}?draft=true&select[contentHtml]=true&select[jsonLd]=true`)
    const viaGraphql = await graphql(`{ Article(id: ${JSON.stringify(draft.id)}, draft: true) { contentText jsonLd } }`)
    const viaLocal = await ctx.payload
      .findByID({
        id: draft.id,
        collection: 'articles',
        draft: true,
        overrideAccess: false,
        select: { contentHtml: true },
      })
      .then(
        () => 'read',
        () => 'refused',
      )
    expect([viaRest.status, viaGraphql.body.data?.Article ?? null, viaLocal]).toEqual([404, null, 'refused'])
    const asWriter = await rest.get(`articles/${draft.id}?draft=true&select[contentText]=true`, {
      token: tokens.writer,
    })
    expect(asWriter.body.contentText).toBe(`${DRAFT_A}.`)
  })

  // Regression: the renditions read the fields a select left out again with full access, so draft=true gave an
  // anonymous reader the body, headline and slug of a draft saved over a published story.
  it("should give an anonymous draft=true read the published story's renditions, never a pending draft's", async () => {
    const live = await makeArticle('Live story', 'published')
    await ctx.payload.update({
      id: live.id,
      collection: 'articles',
      data: { content: paragraphsToLexical(['Secret draft body.']), title: 'Secret draft title' },
      draft: true,
    })
    const viaRest = await rest.get(`articles/${live.id}?draft=true&select[contentText]=true&select[jsonLd]=true`)
    const viaLocal = await ctx.payload.findByID({
      id: live.id,
      collection: 'articles',
      draft: true,
      overrideAccess: false,
      select: { contentHtml: true },
    })
    expect([viaRest.body.contentText, viaRest.body.jsonLd.headline, viaLocal.contentHtml]).toEqual([
      'Live story.',
      'Live story',
      '<p>Live story.</p>',
    ])
    const asWriter = await rest.get(`articles/${live.id}?draft=true&select[contentText]=true`, { token: tokens.writer })
    expect(asWriter.body.contentText).toBe('Secret draft body.')
    await ctx.payload.update({ id: live.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
  })

  it("should not link a published story's body to a draft for anonymous readers", async () => {
    const draft = (
      await ctx.payload.find({ collection: 'articles', draft: true, where: { title: { equals: DRAFT_A } } })
    ).docs[0]
    const linking = await ctx.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        authors: [authorIds.a as AuthorRef],
        content: {
          root: {
            type: 'root',
            children: [
              {
                type: 'paragraph',
                children: [
                  {
                    type: 'link',
                    children: [
                      {
                        type: 'text',
                        detail: 0,
                        format: 0,
                        mode: 'normal',
                        style: '',
                        text: 'coming soon',
                        version: 1,
                      },
                    ],
                    fields: { doc: { relationTo: 'articles', value: draft.id }, linkType: 'internal', newTab: false },
                    version: 3,
                  },
                ],
                direction: 'ltr',
                format: '',
                indent: 0,
                version: 1,
              },
            ],
            direction: 'ltr',
            format: '',
            indent: 0,
            version: 1,
          },
        } as never,
        title: 'Linking to a draft',
      },
    })
    const anonymous = await rest.get(`articles/${linking.id}?select[contentHtml]=true`)
    const editor = await rest.get(`articles/${linking.id}?select[contentHtml]=true`, { token: tokens.editor })
    const local = await ctx.payload.findByID({
      id: linking.id,
      collection: 'articles',
      overrideAccess: false,
      select: { contentHtml: true },
    })
    expect([anonymous.body.contentHtml, local.contentHtml]).toEqual(['<p>coming soon</p>', '<p>coming soon</p>'])
    expect(editor.body.contentHtml).toMatch(
      /^<p><a href="http:\/\/localhost:3000\/news\/draft-by-ada">coming soon<\/a><\/p>$/,
    )
    // Into the trash, out of later tests' lists (a delete is a jongodb gap).
    await ctx.payload.update({ id: linking.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
  })

  it('should list only published stories in feeds and sitemaps, even to staff', async () => {
    const bodies = await Promise.all(
      ['public/feed.xml', 'public/feed.json', 'public/sitemap-articles-1.xml', 'public/sitemap-news.xml'].map(
        async (path) => (await rest.response(path, { token: tokens.admin })).text(),
      ),
    )
    // The feeds hold the newest 20 only, which by now are the matrix's; the sitemap holds every story.
    expect(bodies[2]).toContain('published-by-ada')
    for (const body of bodies) {
      expect(body).toMatch(/<item>|"items":\[\{|<url>/)
      expect(body).not.toContain(DRAFT_A)
      expect(body).not.toContain('draft-by-ada')
    }
  })

  it('should keep a duplicated article a draft, invisible to anonymous readers', async () => {
    const published = (await ctx.payload.find({ collection: 'articles', where: { title: { equals: PUBLISHED_B } } }))
      .docs[0]
    const { body, status } = await rest.post(`articles/${published.id}/duplicate`, { token: tokens.editor })
    expect(status).toBeLessThan(300)
    expect(body.doc._status).toBe('draft')
    expect((await rest.get(`articles/${body.doc.id}`)).status).toBe(404)
  })

  it('should refuse users to anonymous readers over GraphQL', async () => {
    const { body } = await graphql('{ Users { docs { email } } }')
    expect(body.data?.Users ?? null).toBeNull()
  })

  it('should not let a writer change their own roles', async () => {
    const { body } = await rest.patch(`users/${users.writer!.id}`, { body: { roles: ['admin'] }, token: tokens.writer })
    const stored = await ctx.payload.findByID({ id: users.writer!.id, collection: 'users' })
    expect(stored.roles).toEqual(['writer'])
    expect(body.doc?.roles ?? ['writer']).toEqual(['writer'])
  })

  it('should not let a writer re-link their account to another author', async () => {
    await rest.patch(`users/${users.writer!.id}`, { body: { author: authorIds.b }, token: tokens.writer })
    const stored = await ctx.payload.findByID({ id: users.writer!.id, collection: 'users', depth: 0 })
    expect(stored.author).toBe(authorIds.a)
  })

  it.each(['editor', 'writer'] as const)('should let only admins unlock accounts (%s refused)', async (role) => {
    const { status } = await rest.post('users/unlock', { body: { email: 'editor@newsdesk.test' }, token: tokens[role] })
    expect(status).toBe(403)
  })
})

// The OpenAPI document (src/openapi) is a REST root endpoint only: there is no GraphQL or Local API door to it.
describe('the API description', () => {
  it.each(ROLE_NAMES)('should give %s the same document anonymous readers get', async (role) => {
    const anonymous = await rest.get('openapi.json')
    const { body, status } = await rest.get('openapi.json', { token: tokens[role] })
    expect([status, body]).toEqual([200, anonymous.body])
  })

  it.each(['post', 'patch', 'delete'] as const)('should refuse %s, even to an admin, with 405', async (method) => {
    const { body, status } = await rest[method]('openapi.json', { body: {}, token: tokens.admin })
    expect([status, body]).toEqual([405, { errors: [{ message: '/openapi.json answers GET only.' }] }])
  })
})

describe('writers at work', () => {
  it('should put the writer’s own byline on a new article without authors, so they can keep editing it', async () => {
    const created = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'draft', title: 'Autosaved before any byline' },
      depth: 0,
      draft: true,
      overrideAccess: false,
      user: users.writer,
    })
    const edited = await rest.patch(`articles/${created.id}?draft=true`, {
      body: { _status: 'draft', title: 'Still mine' },
      token: tokens.writer,
    })
    expect(created.authors).toEqual([authorIds.a])
    expect(edited.status).toBe(200)
  })

  // Issue round two, item 11: a writer could credit only others, and then not edit their own draft.
  it('should refuse a writer’s new article crediting only another author, naming the field', async () => {
    const { body, status } = await rest.post('articles?draft=true', {
      body: { authors: [authorIds.b], title: 'Credited to Ben only' },
      token: tokens.writer,
    })
    expect([status, body.errors?.[0]?.data?.errors]).toEqual([
      400,
      [{ message: "A writer's article must credit their own author profile.", path: 'authors' }],
    ])
  })

  it('should refuse a writer’s update that takes their own byline off, and keep the article as it was', async () => {
    const article = await makeArticle('Ada keeps her byline', 'draft')
    const { status } = await rest.patch(`articles/${article.id}?draft=true`, {
      body: { authors: [authorIds.b] },
      token: tokens.writer,
    })
    const stored = await ctx.payload.findByID({ id: article.id, collection: 'articles', depth: 0, draft: true })
    expect([status, stored.authors]).toEqual([400, [authorIds.a]])
  })

  it('should refuse a writer’s duplicate of a colleague’s article, which would not credit them', async () => {
    const colleagues = await makeArticle('Ben’s story to copy', 'draft', authorIds.b)
    const { status } = await rest.post(`articles/${colleagues.id}/duplicate`, { body: {}, token: tokens.writer })
    expect(status).toBe(400)
  })

  it('should refuse articles from a writer without an author profile, and tell the admin panel so', async () => {
    const email = 'no-byline@newsdesk.test'
    const password = 'pw-no-byline-0123456789'
    await ctx.payload.create({ collection: 'users', data: { email, password, roles: ['writer'] } })
    const { token } = await ctx.payload.login({ collection: 'users', data: { email, password } })
    const created = await rest.post('articles?draft=true', { body: { title: 'Nobody’s draft' }, token })
    // Payload's access answer leaves out what is not permitted.
    const canCreate = async (as: string | undefined) =>
      Boolean((await rest.get('access', { token: as })).body.collections.articles.create)
    expect([created.status, await canCreate(token), await canCreate(tokens.writer)]).toEqual([403, false, true])
  })
})

// Regression: Payload's lock collection let any logged-in user create a lock in someone else's name (their saves
// then answered 423) and delete other people's locks.
describe('document locks', () => {
  const lockAs = async (role: Role, holder: Role) => {
    const article = await makeArticle(`Locked by ${role} for ${holder} ${Math.random()}`, 'draft')
    return rest.post('payload-locked-documents', {
      body: {
        document: { relationTo: 'articles', value: article.id },
        user: { relationTo: 'users', value: users[holder]!.id },
      },
      token: tokens[role],
    })
  }

  it("should refuse a writer's lock in an editor's name, and allow one in their own", async () => {
    const forEditor = await lockAs('writer', 'editor')
    const forSelf = await lockAs('writer', 'writer')
    expect([forEditor.status, forSelf.status]).toEqual([403, 201])
  })

  // Regression: update access checked only who held the lock before, so a writer could hand their own lock to an editor.
  it('should keep a writer from handing their lock to an editor', async () => {
    const own = await lockAs('writer', 'writer')
    const handed = await rest.patch(`payload-locked-documents/${own.body.doc.id}`, {
      body: { user: { relationTo: 'users', value: users.editor!.id } },
      token: tokens.writer,
    })
    const stored = await ctx.payload.findByID({ id: own.body.doc.id, collection: 'payload-locked-documents', depth: 0 })
    expect([handed.status, (stored.user as { value: unknown }).value]).toEqual([403, users.writer!.id])
  })

  it("should keep a writer from deleting an editor's lock", async () => {
    const editorLock = await lockAs('editor', 'editor')
    const removed = await rest.delete(`payload-locked-documents/${editorLock.body.doc.id}`, { token: tokens.writer })
    const stillThere = await ctx.payload.count({
      collection: 'payload-locked-documents',
      where: { id: { equals: editorLock.body.doc.id } },
    })
    expect([editorLock.status, removed.status, stillThere.totalDocs]).toEqual([201, 403, 1])
  })
})

// Regression: any logged-in user could set the job queue running over REST.
describe('job queue', () => {
  it.each([
    ['writer', 401],
    ['editor', 401],
    ['admin', 200],
  ] as const)('should answer the %s running the queue by hand with %i', async (role, expected) => {
    const { status } = await rest.get('payload-jobs/run', { token: tokens[role] })
    expect(status).toBe(expected)
  })
})

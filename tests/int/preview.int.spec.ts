import type { PayloadRequest } from 'payload'

import { createLocalReq } from 'payload'

import type { User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { adminPreviewUrl } from '../../collections/Articles/endpoints/preview'
import { paragraphsToLexical } from '../../seed/formats/lexical'
import { getSettings } from '../../src/settings'
import { defaultIdFormat } from '../../utilities/idFormat'
import { signPreviewToken } from '../../utilities/previewToken'
import { graphqlClient, restClient } from '../helpers/api'
import { createAccount, startPayload } from '../helpers/payload'
import { serverFunctionClient } from '../helpers/serverFunctions'

// Draft preview tokens (POST /api/articles/:id/preview): who may mint one, and that its bearer reads that one
// article's latest draft and otherwise no more than an anonymous reader, through REST, GraphQL and the Local API.
const LIVE_TITLE = 'Harbour reopens after the storm'
const DRAFT_TITLE = 'Harbour reopens after the storm, with the mayor quoted'
const OTHER_DRAFT = 'Budget figures nobody has seen yet'
const PUBLISHED_OTHER = 'Ferry timetable for the summer'

// Generated types describe SQLite's numeric ids; on MongoDB the same values are strings. Ids pass through as they come.
type Id = number

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let editorToken: string
let writer: { token: string; user: User }
let otherWriter: { token: string; user: User }
let liveId: Id
let liveSlug: string
let otherDraftId: Id
/** A preview token for the live article, minted by its own writer over REST. */
let previewToken: string

const asPreview = (token: string) => ({ authorization: `Preview ${token}` })
const previewHeaders = (token: string) => new Headers({ authorization: `Preview ${token}` })
const secret = () => getSettings().secret.value
const missingId = () => (defaultIdFormat(ctx.payload.db) === 'number' ? 999999 : '0123456789abcdef01234567')

beforeAll(async () => {
  ctx = await startPayload('preview')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  const { payload } = ctx
  const ada = await payload.create({ collection: 'authors', data: { name: 'Ada Preview' } })
  const ben = await payload.create({ collection: 'authors', data: { name: 'Ben Preview' } })
  editorToken = (await createAccount(payload, ['editor'])).token
  writer = await createAccount(payload, ['writer'], { author: ada.id })
  otherWriter = await createAccount(payload, ['writer'], { author: ben.id })
  const live = await payload.create({
    collection: 'articles',
    data: {
      _status: 'published',
      authors: [ada.id],
      content: paragraphsToLexical(['The port is open.']),
      title: LIVE_TITLE,
    },
  })
  // A draft over the live story: the published version stays what readers see.
  await payload.update({ id: live.id, collection: 'articles', data: { title: DRAFT_TITLE }, draft: true })
  liveId = live.id
  liveSlug = live.slug!
  otherDraftId = (
    await payload.create({
      collection: 'articles',
      data: { authors: [ben.id], title: OTHER_DRAFT },
      draft: true,
    })
  ).id
  await payload.create({
    collection: 'articles',
    data: { _status: 'published', authors: [ben.id], title: PUBLISHED_OTHER },
  })
  const minted = await rest.post(`articles/${liveId}/preview`, { token: writer.token })
  previewToken = minted.body.token
})

afterAll(async () => {
  await ctx.stop()
})

describe('minting', () => {
  it('should give an editor a token, the public URL carrying it, and its expiry an hour away', async () => {
    const before = Date.now()
    const { body, status } = await rest.post(`articles/${liveId}/preview`, { token: editorToken })
    const site = getSettings().site
    const lifetime = Date.parse(body.expiresAt) - before
    expect([status, Object.keys(body).sort(), body.url]).toStrictEqual([
      200,
      ['expiresAt', 'token', 'url'],
      `${site.url}/news/${liveSlug}?preview=${body.token}`,
    ])
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
    // JWT times are whole seconds: the expiry is at most a second short of an hour.
    expect(lifetime).toBeGreaterThan(3599 * 1000)
    expect(lifetime).toBeLessThanOrEqual(3600 * 1000 + 5000)
  })

  it("should give the article's own writer a token for their published story's draft", async () => {
    const { body, status } = await rest.post(`articles/${liveId}/preview`, { token: writer.token })
    expect([status, typeof body.token]).toStrictEqual([200, 'string'])
  })

  it.each([
    ['anonymous', () => undefined, () => liveId, 401],
    ["a writer, for another writer's article", () => writer.token, () => otherDraftId, 403],
    ['a writer, for an article of theirs they may see but not edit', () => otherWriter.token, () => liveId, 403],
    ['an editor, for an id no article has', () => editorToken, () => missingId() as Id, 404],
    ['an editor, for an id no article can have', () => editorToken, () => 'not-an-id' as unknown as Id, 404],
  ])('should refuse %s', async (_label, token, id, expected) => {
    const { body, status } = await rest.post(`articles/${id()}/preview`, { token: token() })
    expect([status, typeof body.errors?.[0]?.message, body.token]).toStrictEqual([expected, 'string', undefined])
  })

  it('should not mint for the bearer of a preview token, who is no user', async () => {
    const { status } = await rest.post(`articles/${liveId}/preview`, asPreview(previewToken))
    expect(status).toBe(401)
  })
})

describe('reading with a preview token', () => {
  it('should show the latest draft over REST, where anonymous readers get the published version', async () => {
    const previewed = await rest.get(`articles/${liveId}?draft=true`, asPreview(previewToken))
    const anonymous = await rest.get(`articles/${liveId}?draft=true`)
    expect([previewed.status, previewed.body.title, anonymous.body.title]).toStrictEqual([200, DRAFT_TITLE, LIVE_TITLE])
  })

  it('should show the latest draft over GraphQL', async () => {
    const { body } = await graphql(
      `{ Article(id: ${JSON.stringify(liveId)}, draft: true) { title } }`,
      asPreview(previewToken),
    )
    expect([body.errors, body.data?.Article?.title]).toStrictEqual([undefined, DRAFT_TITLE])
  })

  it('should show the latest draft through the Local API with overrideAccess: false', async () => {
    const doc = await ctx.payload.findByID({
      id: liveId,
      collection: 'articles',
      draft: true,
      overrideAccess: false,
      req: { headers: previewHeaders(previewToken) },
    })
    expect(doc.title).toBe(DRAFT_TITLE)
  })

  it('should not show another draft over REST', async () => {
    const { status } = await rest.get(`articles/${otherDraftId}?draft=true`, asPreview(previewToken))
    expect(status).toBe(404)
  })

  it('should not show another draft over GraphQL', async () => {
    const { body } = await graphql(
      `{ Article(id: ${JSON.stringify(otherDraftId)}, draft: true) { title } }`,
      asPreview(previewToken),
    )
    expect(body).toMatchObject({ data: { Article: null }, errors: [{ extensions: { statusCode: 404 } }] })
  })

  it('should not show another draft through the Local API with overrideAccess: false', async () => {
    await expect(
      ctx.payload.findByID({
        id: otherDraftId,
        collection: 'articles',
        draft: true,
        overrideAccess: false,
        req: { headers: previewHeaders(previewToken) },
      }),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('should list the published articles and its own draft, and no other draft', async () => {
    const { body } = await rest.get('articles?draft=true&limit=100&sort=title', asPreview(previewToken))
    const overGraphql = await graphql('{ Articles(draft: true, limit: 100, sort: "title") { docs { title } } }', {
      ...asPreview(previewToken),
    })
    const expected = [PUBLISHED_OTHER, DRAFT_TITLE]
    expect(body.docs.map((doc: { title: string }) => doc.title)).toStrictEqual(expected)
    expect(overGraphql.body.data.Articles.docs.map((doc: { title: string }) => doc.title)).toStrictEqual(expected)
  })

  it('should not show its article once it is in the trash', async () => {
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', title: 'Taken down after a complaint, previewed' },
    })
    const { body } = await rest.post(`articles/${article.id}/preview`, { token: editorToken })
    const before = await rest.get(`articles/${article.id}?draft=true`, asPreview(body.token))
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
    const after = await rest.get(`articles/${article.id}?draft=true`, asPreview(body.token))
    const askingForTheTrash = await rest.get(`articles/${article.id}?draft=true&trash=true`, asPreview(body.token))
    expect([before.status, after.status, askingForTheTrash.status]).toStrictEqual([200, 404, 404])
  })

  it.each([
    ['users', 'users'],
    ['version history', 'articles/versions'],
  ])('should read %s as an anonymous reader does', async (_label, path) => {
    const previewed = await rest.get(path, asPreview(previewToken))
    const anonymous = await rest.get(path)
    expect(previewed.status).toBe(anonymous.status)
    expect(previewed.status).toBe(403)
  })
})

describe('writing with a preview token', () => {
  it.each([
    [
      'update its article',
      () => rest.patch(`articles/${liveId}?draft=true`, { ...asPreview(previewToken), body: { title: 'Changed' } }),
    ],
    [
      'publish its article',
      () => rest.patch(`articles/${liveId}`, { ...asPreview(previewToken), body: { _status: 'published' } }),
    ],
    ['delete its article', () => rest.delete(`articles/${liveId}`, asPreview(previewToken))],
    [
      'create an article',
      () => rest.post('articles?draft=true', { ...asPreview(previewToken), body: { title: 'New' } }),
    ],
    ['create a tag', () => rest.post('tags', { ...asPreview(previewToken), body: { name: 'Preview tag' } })],
  ])('should refuse to %s over REST', async (_label, call) => {
    const { status } = await call()
    expect(status).toBe(403)
  })

  it.each([
    ['update its article', 'updateArticle', `updateArticle(id: ID, draft: true, data: { title: "Changed" }) { id }`],
    ['delete its article', 'deleteArticle', `deleteArticle(id: ID) { id }`],
    ['create an article', 'createArticle', `createArticle(draft: true, data: { title: "New" }) { id }`],
  ])('should refuse to %s over GraphQL', async (_label, name, mutation) => {
    const { body } = await graphql(
      `mutation { ${mutation.replace('ID', JSON.stringify(liveId))} }`,
      asPreview(previewToken),
    )
    expect(body).toMatchObject({ data: { [name]: null }, errors: [{ extensions: { statusCode: 403 } }] })
  })

  it('should refuse to update its article through the Local API with overrideAccess: false', async () => {
    await expect(
      ctx.payload.update({
        id: liveId,
        collection: 'articles',
        data: { title: 'Changed' },
        draft: true,
        overrideAccess: false,
        req: { headers: previewHeaders(previewToken) },
      }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('should leave the article as it was after every refused write', async () => {
    const stored = await ctx.payload.findByID({ id: liveId, collection: 'articles', draft: true })
    const total = await ctx.payload.count({ collection: 'articles' })
    // The three articles of beforeAll and the trashed one (not counted: Payload leaves the trash out).
    expect([stored.title, total.totalDocs]).toStrictEqual([DRAFT_TITLE, 3])
  })
})

describe('refused tokens', () => {
  const expired = () =>
    signPreviewToken({ articleId: liveId, now: new Date(Date.now() - 7200 * 1000), secret: secret(), ttlSeconds: 3600 })
  // The signature's first character changed: the token no longer verifies.
  const altered = (token: string) => {
    const [header, claims, signature] = token.split('.')
    return `${header}.${claims}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
  }
  // The claims rewritten to name another article, the signature kept.
  const retargeted = (token: string) => {
    const [header, , signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
    const forged = Buffer.from(JSON.stringify({ ...claims, article: otherDraftId })).toString('base64url')
    return `${header}.${forged}.${signature}`
  }
  const cases: Array<[string, () => Promise<string> | string, RegExp]> = [
    ['an expired token', async () => (await expired()).token, /has expired/],
    ['a token with an altered signature', () => altered(previewToken), /does not verify/],
    ['a token whose claims name another article', () => retargeted(previewToken), /does not verify/],
    ["a user's session token", () => writer.token, /not a preview token/],
    ['something that is no token', () => 'not-a-token', /malformed/],
    ['an empty token', () => '', /malformed/],
  ]

  it.each(cases)('should answer %s over REST with 401 saying why', async (_label, token, message) => {
    const { body, status } = await rest.get(`articles/${liveId}?draft=true`, asPreview(await token()))
    expect([status, body.errors?.[0]?.message]).toStrictEqual([401, expect.stringMatching(message)])
  })

  it.each(cases)('should answer %s over GraphQL with a 401 error saying why', async (_label, token, message) => {
    const { body } = await graphql(
      `{ Article(id: ${JSON.stringify(liveId)}, draft: true) { title } }`,
      asPreview(await token()),
    )
    expect(body).toMatchObject({
      data: { Article: null },
      errors: [{ extensions: { statusCode: 401 }, message: expect.stringMatching(message) }],
    })
  })

  it.each(cases)(
    'should refuse %s through the Local API with overrideAccess: false',
    async (_label, token, message) => {
      await expect(
        ctx.payload.findByID({
          id: liveId,
          collection: 'articles',
          draft: true,
          overrideAccess: false,
          req: { headers: previewHeaders(await token()) },
        }),
      ).rejects.toMatchObject({ message: expect.stringMatching(message), status: 401 })
    },
  )

  it('should answer an expired token with 401 on other collections too, not as to an anonymous reader', async () => {
    const { body, status } = await rest.get('tags', asPreview((await expired()).token))
    expect([status, body.errors?.[0]?.message]).toStrictEqual([401, expect.stringMatching(/has expired/)])
  })
})

describe('a preview token in the place of a session', () => {
  it.each([
    ['JWT', 'JWT'],
    ['Bearer', 'Bearer'],
  ])('should not log anyone in as %s', async (_label, scheme) => {
    const me = await rest.get('users/me', { authorization: `${scheme} ${previewToken}` })
    const draft = await rest.get(`articles/${liveId}?draft=true`, { authorization: `${scheme} ${previewToken}` })
    // Read as by an anonymous reader: the published version, not the draft the token was minted for.
    expect([me.status, me.body.user, draft.body.title]).toStrictEqual([200, null, LIVE_TITLE])
  })
})

describe('the admin panel Preview button', () => {
  // The config has no localization, so Payload passes no locale.
  const options = (req: PayloadRequest, token: string) => ({ req, token }) as Parameters<typeof adminPreviewUrl>[1]

  it("should open the draft on the public site with a token, for the article's writer", async () => {
    const req = await createLocalReq({ user: writer.user }, ctx.payload)
    const url = await adminPreviewUrl({ id: liveId, slug: liveSlug }, options(req, writer.token))
    const token = new URL(url!).searchParams.get('preview')!
    const { body } = await rest.get(`articles/${liveId}?draft=true`, asPreview(token))
    expect([url!.split('?')[0], body.title]).toStrictEqual([`${getSettings().site.url}/news/${liveSlug}`, DRAFT_TITLE])
  })

  it('should offer no link to a writer who may not edit the article', async () => {
    const req = await createLocalReq({ user: otherWriter.user }, ctx.payload)
    expect(await adminPreviewUrl({ id: liveId, slug: liveSlug }, options(req, otherWriter.token))).toBeNull()
  })
})

describe("the admin panel's Preview button, through its form-state server function", () => {
  /** The Preview link the edit view gets after a save or an autosave, as the given user. */
  const previewUrlAs = async (token: string) => {
    const answer = await serverFunctionClient(ctx.config)(
      'form-state',
      {
        id: liveId,
        collectionSlug: 'articles',
        data: { slug: liveSlug, title: DRAFT_TITLE },
        docPermissions: { create: true, fields: true, read: true, update: true },
        docPreferences: { fields: {} },
        operation: 'update',
        returnPreviewURL: true,
        schemaPath: 'articles',
        skipValidation: true,
      },
      { token },
    )
    // A form state came back (the call worked), with or without a link.
    return {
      hasState: typeof answer.value?.state === 'object',
      previewURL: answer.value?.previewURL as string | undefined,
    }
  }

  it("should link the article's writer to the draft on the public site", async () => {
    const url = new URL((await previewUrlAs(writer.token)).previewURL!)
    const { body } = await rest.get(`articles/${liveId}?draft=true`, asPreview(url.searchParams.get('preview')!))
    expect([url.pathname, body.title]).toStrictEqual([`/news/${liveSlug}`, DRAFT_TITLE])
  })

  it('should give no link to a writer who may not edit the article', async () => {
    expect(await previewUrlAs(otherWriter.token)).toStrictEqual({ hasState: true, previewURL: undefined })
  })
})

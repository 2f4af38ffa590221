import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createLocalReq } from 'payload'

import type { User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { graphqlClient, restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { loginAs, startPayload } from '../helpers/payload'
import { serverFunctionClient } from '../helpers/serverFunctions'

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let editor: User

beforeAll(async () => {
  process.env.MEDIA_DIR = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-media-'))
  ctx = await startPayload('editorial')
  rest = restClient(ctx.config)
  editor = await ctx.payload.create({
    collection: 'users',
    data: { email: 'desk@newsdesk.test', password: 'pw-desk-0123456789', roles: ['editor'] },
  })
})

afterAll(async () => {
  await ctx.stop()
  await rm(process.env.MEDIA_DIR!, { force: true, recursive: true })
})

const draftArticle = (title: string, extra: Record<string, unknown> = {}) =>
  ctx.payload.create({
    collection: 'articles',
    data: { _status: 'draft', content: paragraphsToLexical([`${title}.`]), title, ...extra },
    draft: true,
  })

describe('publishedAt', () => {
  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])(
    'should store a date-only value as 00:00 UTC that day with the server in %s',
    async (timeZone) => {
      const saved = process.env.TZ
      process.env.TZ = timeZone
      try {
        const article = await draftArticle(`Dated in ${timeZone}`, { publishedAt: '2026-03-01' })
        expect(article.publishedAt).toBe('2026-03-01T00:00:00.000Z')
      } finally {
        process.env.TZ = saved
      }
    },
  )

  it('should refuse a date that does not exist, naming the field', async () => {
    const { body, status } = await rest.post('articles?draft=true', {
      body: { _status: 'draft', publishedAt: '2026-02-30', title: 'Impossible date' },
      token: await loginAs(ctx.payload, ['editor']),
    })
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toContain('publishedAt')
    expect(JSON.stringify(body)).toContain('2026-02-30 is not a calendar date')
  })

  it('should stamp publishedAt on first publish and keep a date set by an editor', async () => {
    const before = Date.now()
    const stamped = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', title: 'Stamped' },
    })
    const kept = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', publishedAt: '2025-12-24T18:00:00.000Z', title: 'Kept' },
    })
    expect(Date.parse(stamped.publishedAt!)).toBeGreaterThanOrEqual(before)
    expect(kept.publishedAt).toBe('2025-12-24T18:00:00.000Z')
  })
})

describe('version history', () => {
  it('should restore an earlier version of an article', async () => {
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', title: 'First take' },
    })
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { title: 'Second take' } })
    const { docs } = await ctx.payload.findVersions({
      collection: 'articles',
      sort: 'createdAt',
      where: { parent: { equals: article.id } },
    })
    await ctx.payload.restoreVersion({ id: docs[0].id, collection: 'articles' })
    expect((await ctx.payload.findByID({ id: article.id, collection: 'articles' })).title).toBe('First take')
  })
})

describe('scheduled publish and unpublish', () => {
  const schedule = (id: number | string, type: 'publish' | 'unpublish', waitUntil: Date, user: User) =>
    ctx.payload.jobs.queue({
      // The task stores the document id as a string on every database (and converts it back when it runs).
      input: {
        type,
        doc: { relationTo: 'articles', value: String(id) as never },
        user: { relationTo: 'users', value: user.id },
      },
      task: 'schedulePublish',
      waitUntil,
    })

  it('should publish a draft once its time has come, and not before', async () => {
    const due = await draftArticle('Due now')
    const later = await draftArticle('Due tomorrow')
    await schedule(due.id, 'publish', new Date(Date.now() - 1000), editor)
    await schedule(later.id, 'publish', new Date(Date.now() + 86_400_000), editor)
    await ctx.payload.jobs.run()
    const statuses = await Promise.all(
      [due.id, later.id].map(async (id) => (await ctx.payload.findByID({ id, collection: 'articles' }))._status),
    )
    expect(statuses).toEqual(['published', 'draft'])
  })

  it('should unpublish a published article at its time', async () => {
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', title: 'Expires' },
    })
    await schedule(article.id, 'unpublish', new Date(Date.now() - 1000), editor)
    await ctx.payload.jobs.run()
    expect((await ctx.payload.findByID({ id: article.id, collection: 'articles' }))._status).toBe('draft')
  })

  // Regression: the admin panel's schedule-publish action deletes the job it replaces with the Local API, which
  // skips access control, so a writer could cancel an editor's scheduled publish.
  it("should keep a writer from cancelling an editor's scheduled publish, and let an editor", async () => {
    const article = await draftArticle('Scheduled by the desk')
    const job = await schedule(article.id, 'publish', new Date(Date.now() + 86_400_000), editor)
    const asUser = async (roles: Array<'editor' | 'writer'>) => {
      const user = await ctx.payload.create({
        collection: 'users',
        data: { email: `${roles[0]}-${Math.random()}@newsdesk.test`, password: 'pw-jobs-0123456789', roles },
      })
      return createLocalReq({ user: { ...user, collection: 'users' } }, ctx.payload)
    }
    const cancel = async (roles: Array<'editor' | 'writer'>) =>
      ctx.payload
        .delete({ collection: 'payload-jobs', req: await asUser(roles), where: { id: { equals: job.id } } })
        .then(
          () => 'deleted',
          (error: { status?: number }) => error.status,
        )
    const byWriter = await cancel(['writer'])
    const stillQueued = (await ctx.payload.count({ collection: 'payload-jobs', where: { id: { equals: job.id } } }))
      .totalDocs
    const byEditor = await cancel(['editor'])
    const afterEditor = (await ctx.payload.count({ collection: 'payload-jobs', where: { id: { equals: job.id } } }))
      .totalDocs
    expect([byWriter, stillQueued, byEditor, afterEditor]).toEqual([403, 1, 'deleted', 0])
  })

  // The failed job appends to its log with $push, which jongodb does not implement.
  it('should not publish what a writer scheduled [jongodb-gap]', async () => {
    const writer = await ctx.payload.create({
      collection: 'users',
      data: { email: 'scheduler@newsdesk.test', password: 'pw-scheduler-0123456789', roles: ['writer'] },
    })
    const article = await draftArticle('Writer wants it out')
    await schedule(article.id, 'publish', new Date(Date.now() - 1000), writer)
    await ctx.payload.jobs.run()
    expect((await ctx.payload.findByID({ id: article.id, collection: 'articles' }))._status).toBe('draft')
  })
})

// Issue round two, item 10: the admin panel's schedule-publish server function queued a writer's jobs unchecked.
describe("the admin panel's schedule-publish", () => {
  /** The scheduled publish and unpublish jobs queued for an article. */
  const jobsFor = async (id: number | string) =>
    (
      await ctx.payload.find({
        collection: 'payload-jobs',
        limit: 0,
        where: { taskSlug: { equals: 'schedulePublish' } },
      })
    ).docs
      .filter((job) => String((job.input as { doc?: { value?: unknown } }).doc?.value) === String(id))
      .map((job) => (job.input as { type: string }).type)

  /** A writer credited on their own draft, and that draft. */
  const writerWithDraft = async (title: string) => {
    const author = await ctx.payload.create({ collection: 'authors', data: { name: `Writer of ${title}` } })
    const account = { email: `${author.id}-scheduler@newsdesk.test`, password: 'pw-scheduler-0123456789' }
    await ctx.payload.create({ collection: 'users', data: { ...account, author: author.id, roles: ['writer'] } })
    const { token } = await ctx.payload.login({ collection: 'users', data: account })
    return { article: await draftArticle(title, { authors: [author.id] }), token: token! }
  }

  const scheduleArgs = (id: number | string, type: 'publish' | 'unpublish') => ({
    type,
    date: new Date(Date.now() + 86_400_000),
    doc: { relationTo: 'articles', value: String(id) },
  })

  it.each(['publish', 'unpublish'] as const)(
    "should refuse a writer's scheduled %s of their own article when it is queued",
    async (type) => {
      const { article, token } = await writerWithDraft(`Writer schedules a ${type}`)
      const call = serverFunctionClient(ctx.config)

      const answer = await call('schedule-publish', scheduleArgs(article.id, type), { token })

      expect([answer.status, await jobsFor(article.id)]).toEqual([403, []])
    },
  )

  it.each(['publish', 'unpublish'] as const)("should queue an editor's scheduled %s", async (type) => {
    const article = await draftArticle(`Editor schedules a ${type}`)
    const call = serverFunctionClient(ctx.config)

    const answer = await call('schedule-publish', scheduleArgs(article.id, type), {
      token: await loginAs(ctx.payload, ['editor']),
    })

    expect([answer.value, await jobsFor(article.id)]).toEqual([{ message: 'Success' }, [type]])
  })

  it("should keep a writer from cancelling an editor's scheduled publish through it", async () => {
    const { article, token } = await writerWithDraft('Desk scheduled it')
    const call = serverFunctionClient(ctx.config)
    await call('schedule-publish', scheduleArgs(article.id, 'publish'), {
      token: await loginAs(ctx.payload, ['editor']),
    })
    const [job] = (await ctx.payload.find({ collection: 'payload-jobs', limit: 0, sort: '-createdAt' })).docs

    const answer = await call('schedule-publish', { deleteID: job.id }, { token })

    expect([answer.status, await jobsFor(article.id)]).toEqual([403, ['publish']])
  })
})

describe('media', () => {
  it('should resize an uploaded image to the configured widths and keep alt, caption and credit', async () => {
    const data = await png({ height: 1000, width: 2000 })
    const media = await ctx.payload.create({
      collection: 'media',
      data: { alt: 'A blue field', caption: 'Test card', credit: 'Newsdesk' },
      file: { name: 'blue.png', data, mimetype: 'image/png', size: data.length },
    })
    expect([media.width, media.height, media.alt, media.credit]).toEqual([2000, 1000, 'A blue field', 'Newsdesk'])
    expect([media.sizes?.thumbnail?.width, media.sizes?.card?.width, media.sizes?.hero?.width]).toEqual([
      400, 768, 1600,
    ])
  })

  it('should require alt text', async () => {
    const data = await png({ height: 10, width: 10 })
    await expect(
      ctx.payload.create({
        collection: 'media',
        data: {} as never,
        file: { name: 'no-alt.png', data, mimetype: 'image/png', size: data.length },
      }),
    ).rejects.toThrow(/alt/i)
  })

  it.each([
    [
      'an SVG (it can carry scripts)',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/svg+xml',
      'x.svg',
    ],
    ['a text file claiming to be a PNG', Buffer.from('just text, not an image'), 'image/png', 'fake.png'],
  ])('should refuse %s', async (_label, data, mimetype, name) => {
    await expect(
      ctx.payload.create({
        collection: 'media',
        data: { alt: 'x' },
        file: { name, data, mimetype, size: data.length },
      }),
    ).rejects.toThrow('The following field is invalid: file')
    expect((await ctx.payload.find({ collection: 'media', where: { filename: { equals: name } } })).totalDocs).toBe(0)
  })

  it('should give articles a hero image and authors an avatar', async () => {
    const data = await png({ height: 600, width: 800 })
    const media = await ctx.payload.create({
      collection: 'media',
      data: { alt: 'Portrait' },
      file: { name: 'portrait.png', data, mimetype: 'image/png', size: data.length },
    })
    const author = await ctx.payload.create({
      collection: 'authors',
      data: { name: 'Pictured', avatar: media.id },
      depth: 0,
    })
    const article = await draftArticle('With a hero', { heroImage: media.id })
    const found = await ctx.payload.findByID({ id: article.id, collection: 'articles', depth: 1, draft: true })
    expect([(found.heroImage as { alt: string }).alt, author.avatar]).toEqual(['Portrait', media.id])
  })
})

describe('tags and SEO', () => {
  it('should file an article under tags that anonymous readers can list', async () => {
    const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Sécurité' } })
    await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', tags: [tag.id], title: 'Tagged' },
    })
    const { body } = await rest.get(`articles?where[tags][in]=${tag.id}&depth=1`)
    expect(tag.slug).toBe('securite')
    expect(
      body.docs.map((doc: { tags: Array<{ name: string }>; title: string }) => [doc.title, doc.tags[0].name]),
    ).toEqual([['Tagged', 'Sécurité']])
  })

  it('should store meta title, description and canonical URL', async () => {
    const article = await draftArticle('Syndicated', {
      meta: { canonicalUrl: 'https://example.org/original', description: 'Short.', title: 'Syndicated — Newsdesk' },
    })
    expect(article.meta).toMatchObject({
      canonicalUrl: 'https://example.org/original',
      description: 'Short.',
      title: 'Syndicated — Newsdesk',
    })
  })

  it('should refuse a canonical URL that is not absolute http(s)', async () => {
    await expect(
      ctx.payload.create({
        collection: 'articles',
        data: { _status: 'published', meta: { canonicalUrl: 'javascript:alert(1)' }, title: 'Bad canonical' },
      }),
    ).rejects.toThrow(/canonical/i)
  })
})

describe('publishing guard', () => {
  /** A writer with an author profile, and the token to act as them. */
  async function writerWithByline(name: string) {
    const author = await ctx.payload.create({ collection: 'authors', data: { name } })
    return { author, token: await loginAs(ctx.payload, ['writer'], { author: author.id }) }
  }

  // Regression: a plain save (no draft flag, no _status) over an editor's newer draft took the draft's status,
  // so a writer unpublished a live story without asking to.
  it("should refuse a writer's plain save over a newer draft and keep the story live", async () => {
    const { author, token } = await writerWithByline('Wren Plainsave')
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', authors: [author.id], title: 'Live story' },
    })
    await ctx.payload.update({
      id: article.id,
      collection: 'articles',
      data: { title: 'Live story, revised' },
      draft: true,
    })
    const plainSave = await rest.patch(`articles/${article.id}`, { body: { excerpt: 'typo fix' }, token })
    const reader = await rest.get(`articles/${article.id}`)
    expect(plainSave.status).toBe(403)
    expect([reader.status, reader.body.title, reader.body._status]).toEqual([200, 'Live story', 'published'])
  })

  // Regression: three more ways a writer changed what readers see, each found by trying.
  it("should make a writer's duplicate of a live story a draft, over REST and GraphQL", async () => {
    const { author, token } = await writerWithByline('Wren Duplicator')
    const source = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', authors: [author.id], title: 'Original live story' },
    })
    const viaRest = await rest.post(`articles/${source.id}/duplicate?draft=false`, {
      body: { slug: 'copied-by-rest', title: 'Copied by REST' },
      token,
    })
    const viaGraphql = await graphqlClient(ctx.config)(
      `mutation { duplicateArticle(id: ${JSON.stringify(source.id)}, data: { title: "Copied by GraphQL", slug: "copied-by-graphql" }) { _status } }`,
      { token },
    )
    const readerSees = await rest.get('articles?where[title][like]=Copied by')
    expect([viaRest.body.doc?._status, viaGraphql.body.data?.duplicateArticle?._status]).toEqual(['draft', 'draft'])
    expect(readerSees.body.docs).toEqual([])
  })

  it('should refuse a writer taking a story out of the trash, even with a plain save', async () => {
    const { author, token } = await writerWithByline('Wren Restorer')
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', authors: [author.id], title: 'Taken down story' },
    })
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
    const attempt = await rest.patch(`articles/${article.id}?trash=true`, {
      body: { deletedAt: null, title: 'Back online' },
      token,
    })
    const stored = await ctx.payload.findByID({ id: article.id, collection: 'articles', trash: true })
    expect([attempt.status, stored.title, Boolean(stored.deletedAt)]).toEqual([403, 'Taken down story', true])
  })

  it('should refuse a writer restoring a version, which would replace the live story and its status', async () => {
    const { author, token } = await writerWithByline('Wren Versioner')
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', authors: [author.id], title: 'Versioned live story' },
    })
    await rest.patch(`articles/${article.id}?draft=true`, { body: { title: 'A draft of it' }, token })
    const { docs } = await ctx.payload.findVersions({
      collection: 'articles',
      sort: '-updatedAt',
      where: { parent: { equals: article.id } },
    })
    const restore = await rest.post(`articles/versions/${docs[0].id}`, { token })
    const reader = await rest.get(`articles/${article.id}`)
    expect([restore.status, reader.status, reader.body.title]).toEqual([403, 200, 'Versioned live story'])
  })

  // Regression: `_status` was stored as sent; "published\u0000" passed the writer check and read back as published.
  it.each([
    ['published with a NUL byte', 'published\u0000', 'writer'],
    ['published with a NUL byte', 'published\u0000', 'editor'],
    ['a capitalised status', 'Published', 'editor'],
    ['a status in an array', ['published'], 'editor'],
    ['a number', 1, 'editor'],
  ] as const)(
    'should refuse _status as %s (%j) from an %s with 400 and store nothing',
    async (_label, status, role) => {
      const token =
        role === 'writer'
          ? (await writerWithByline(`Wren ${JSON.stringify(status).length}`)).token
          : await loginAs(ctx.payload, ['editor'])
      const title = `Odd status ${JSON.stringify(status)} by ${role}`
      const { body, status: code } = await rest.post('articles', { body: { _status: status, title }, token })
      const stored = await ctx.payload.count({ collection: 'articles', where: { title: { equals: title } } })
      expect([code, body.errors?.[0]?.message, stored.totalDocs]).toEqual([
        400,
        '_status must be "draft" or "published".',
        0,
      ])
    },
  )
})

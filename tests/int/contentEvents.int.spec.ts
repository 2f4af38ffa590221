import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { ContentEvent } from '../../src/contentEvents'
import type { Author, Tag, User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { importDocuments } from '../../seed/importDocuments'
import { announceBatch, COLLECT_CONTENT_CHANGES, subscribeToContent } from '../../src/contentEvents'
import { restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { loginAs, startPayload } from '../helpers/payload'

// A test subscriber pins the events each kind of change announces: what a cache, a webhook or a page
// revalidation will be told.
let ctx: TestPayload
let events: ContentEvent[] = []
let unsubscribe: () => void
let author: Author
let tag: Tag
let editor: User

beforeAll(async () => {
  process.env.MEDIA_DIR = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-events-'))
  ctx = await startPayload('contentEvents')
  editor = await ctx.payload.create({
    collection: 'users',
    data: { email: 'events-desk@newsdesk.test', password: 'pw-desk-0123456789', roles: ['editor'] },
  })
  author = await ctx.payload.create({ collection: 'authors', data: { name: 'Ana Li' } })
  tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Elections' } })
  unsubscribe = subscribeToContent((event) => {
    events.push(event)
  })
})

afterAll(async () => {
  unsubscribe()
  await ctx.stop()
  await rm(process.env.MEDIA_DIR!, { force: true, recursive: true })
})

beforeEach(() => {
  events = []
})

const credits = () => [
  { id: author.id, slug: 'ana-li', collection: 'authors' },
  { id: tag.id, slug: 'elections', collection: 'tags' },
]

const draft = (title: string) =>
  ctx.payload.create({
    collection: 'articles',
    data: {
      _status: 'draft',
      authors: [author.id],
      content: paragraphsToLexical([`${title}.`]),
      tags: [tag.id],
      title,
    },
    draft: true,
  })

const published = (title: string) =>
  ctx.payload.create({
    collection: 'articles',
    data: {
      _status: 'published',
      authors: [author.id],
      content: paragraphsToLexical([`${title}.`]),
      tags: [tag.id],
      title,
    },
  })

const change = (
  id: number | string,
  slug: string,
  action: string,
  previousStatus: null | string,
  status: null | string,
) => ({
  id,
  slug,
  action,
  affects: credits(),
  collection: 'articles',
  kind: 'change',
  previousStatus,
  status,
})

describe('articles', () => {
  it('should announce nothing for a new draft and its saves', async () => {
    const article = await draft('Quiet draft')
    await ctx.payload.update({
      id: article.id,
      collection: 'articles',
      data: { title: 'Quiet draft, again' },
      draft: true,
    })
    expect(events).toEqual([])
  })

  it('should announce a story created as published', async () => {
    const article = await published('Out at once')
    expect(events).toEqual([change(article.id, 'out-at-once', 'create', null, 'published')])
  })

  it('should announce a publish with the byline and tags it affects', async () => {
    const article = await draft('Going live')
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { _status: 'published' } })
    expect(events).toEqual([change(article.id, 'going-live', 'publish', 'draft', 'published')])
  })

  it('should announce an edit of a published story', async () => {
    const article = await published('Corrected')
    events = []
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { excerpt: 'A correction.' } })
    expect(events).toEqual([change(article.id, 'corrected', 'update', 'published', 'published')])
  })

  it('should announce nothing for a draft saved over a published story: readers still see the published one', async () => {
    const article = await published('Being revised')
    events = []
    await ctx.payload.update({
      id: article.id,
      collection: 'articles',
      data: { _status: 'draft', title: 'Revised' },
      draft: true,
    })
    expect(events).toEqual([])
  })

  it('should announce an unpublish', async () => {
    const article = await published('Pulled')
    events = []
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { _status: 'draft' } })
    expect(events).toEqual([change(article.id, 'pulled', 'unpublish', 'published', 'draft')])
  })

  it('should announce a move to the trash and a restore', async () => {
    const article = await published('Taken down')
    events = []
    // Payload's trash is a deletedAt stamp, set and cleared by updates (as the admin panel does).
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: null }, trash: true })
    expect(events).toEqual([
      change(article.id, 'taken-down', 'trash', 'published', 'published'),
      change(article.id, 'taken-down', 'restore', 'published', 'published'),
    ])
  })

  it('should announce a delete for good of a published story, and nothing for a draft [jongodb-gap]', async () => {
    const story = await published('Gone for good')
    const quiet = await draft('Never seen')
    events = []
    await ctx.payload.delete({ id: story.id, collection: 'articles' })
    await ctx.payload.delete({ id: quiet.id, collection: 'articles' })
    expect(events).toEqual([change(story.id, 'gone-for-good', 'delete', 'published', null)])
  })

  it('should name the authors an edit took off the byline as affected too', async () => {
    const other = await ctx.payload.create({ collection: 'authors', data: { name: 'Bo Chen' } })
    const article = await published('Byline change')
    events = []
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { authors: [other.id] } })
    expect(events.map((event) => (event.kind === 'change' ? event.affects : []))).toEqual([
      [
        { id: author.id, slug: 'ana-li', collection: 'authors' },
        { id: other.id, slug: 'bo-chen', collection: 'authors' },
        { id: tag.id, slug: 'elections', collection: 'tags' },
      ],
    ])
  })

  it('should announce the restore of an earlier version of a published story', async () => {
    const article = await published('First version')
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { title: 'Second version' } })
    const { docs } = await ctx.payload.findVersions({
      collection: 'articles',
      sort: 'createdAt',
      where: { parent: { equals: article.id } },
    })
    events = []
    await ctx.payload.restoreVersion({ id: docs[0].id, collection: 'articles' })
    expect(events).toEqual([change(article.id, 'first-version', 'update', 'published', 'published')])
  })

  it('should announce a scheduled publish when the job runs', async () => {
    const article = await draft('On schedule')
    await ctx.payload.jobs.queue({
      input: {
        type: 'publish',
        doc: { relationTo: 'articles', value: String(article.id) as never },
        user: { relationTo: 'users', value: editor.id },
      },
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    await ctx.payload.jobs.run()
    expect(events).toEqual([change(article.id, 'on-schedule', 'publish', 'draft', 'published')])
  })

  it('should announce a publish made over REST before the response returns', async () => {
    const article = await draft('Published over REST')
    const rest = restClient(ctx.config)
    const { status } = await rest.patch(`articles/${article.id}`, {
      body: { _status: 'published' },
      token: await loginAs(ctx.payload, ['editor']),
    })
    expect([status, events]).toEqual([
      200,
      [change(article.id, 'published-over-rest', 'publish', 'draft', 'published')],
    ])
  })
})

describe('authors, tags and media', () => {
  it("should announce an author's edit with their published articles", async () => {
    const article = await published('By Ana')
    await draft('Also by Ana, unpublished')
    events = []
    await ctx.payload.update({ id: author.id, collection: 'authors', data: { bio: 'Covers elections.' } })
    const [event] = events as Array<Extract<ContentEvent, { kind: 'change' }>>
    expect(event).toMatchObject({
      id: author.id,
      slug: 'ana-li',
      action: 'update',
      collection: 'authors',
      kind: 'change',
    })
    expect(event.affects).toContainEqual({ id: article.id, slug: 'by-ana', collection: 'articles' })
    expect(event.affects.map((ref) => ref.slug)).not.toContain('also-by-ana-unpublished')
  })

  it("should announce a tag's create, edit and delete [jongodb-gap]", async () => {
    const created = await ctx.payload.create({ collection: 'tags', data: { name: 'Weather' } })
    await ctx.payload.update({ id: created.id, collection: 'tags', data: { name: 'Storms' } })
    await ctx.payload.delete({ id: created.id, collection: 'tags' })
    expect(events).toEqual(
      ['create', 'update', 'delete'].map((action) => ({
        id: created.id,
        slug: 'weather',
        action,
        affects: [],
        collection: 'tags',
        kind: 'change',
      })),
    )
  })

  it('should announce an image edit with the articles and authors it appears on', async () => {
    const data = await png({ height: 10, width: 10 })
    const image = await ctx.payload.create({
      collection: 'media',
      data: { alt: 'A square' },
      file: { name: 'square.png', data, mimetype: 'image/png', size: data.length },
    })
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', heroImage: image.id, title: 'Illustrated' },
    })
    const portrayed = await ctx.payload.create({ collection: 'authors', data: { name: 'Cy Doe', avatar: image.id } })
    events = []
    await ctx.payload.update({ id: image.id, collection: 'media', data: { alt: 'A blue square' } })
    expect(events).toEqual([
      {
        id: image.id,
        action: 'update',
        affects: [
          { id: article.id, slug: 'illustrated', collection: 'articles' },
          { id: portrayed.id, slug: 'cy-doe', collection: 'authors' },
        ],
        collection: 'media',
        kind: 'change',
      },
    ])
  })
})

describe('batches', () => {
  it('should collect the changes of writes made with the context flag, then announce them once', async () => {
    const collected: never[] = []
    const first = await ctx.payload.create({
      collection: 'articles',
      context: { [COLLECT_CONTENT_CHANGES]: collected },
      data: { _status: 'published', title: 'Batch one' },
    })
    const second = await ctx.payload.create({
      collection: 'articles',
      context: { [COLLECT_CONTENT_CHANGES]: collected },
      data: { _status: 'published', title: 'Batch two' },
    })
    const before = [...events]
    await announceBatch({ changes: collected, payload: ctx.payload, source: 'import' })
    expect([before, events]).toEqual([
      [],
      [
        {
          changes: [first, second].map((doc) => ({
            id: doc.id,
            slug: doc.slug,
            action: 'create',
            affects: [],
            collection: 'articles',
            previousStatus: null,
            status: 'published',
          })),
          kind: 'batch',
          source: 'import',
        },
      ],
    ])
  })
})

describe('the importer', () => {
  it('should announce one batch for a run, holding each article and author it created', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-events-import-'))
    const files = ['Harbour reopens', 'Bridge closes'].map((title) => path.join(folder, `${title}.txt`))
    await Promise.all(
      files.map((file, index) =>
        writeFile(file, `${path.basename(file, '.txt')}\nBy Dee Ray\n\nParagraph ${index}.\n`),
      ),
    )
    await importDocuments({ files, payload: ctx.payload })
    await rm(folder, { force: true, recursive: true })
    expect(
      events.map((event) =>
        event.kind === 'batch'
          ? [event.source, event.changes.map((one) => `${one.action} ${one.collection} ${one.slug}`)]
          : event.kind,
      ),
    ).toEqual([
      ['import', ['create authors dee-ray', 'create articles harbour-reopens', 'create articles bridge-closes']],
    ])
  })
})

describe('subscribers', () => {
  it('should keep a failing subscriber from failing the write, and still tell the others', async () => {
    const failing = subscribeToContent(() => {
      throw new Error('webhook down')
    })
    const later: ContentEvent[] = []
    const listening = subscribeToContent((event) => {
      later.push(event)
    })
    const article = await published('Despite a failure')
    failing()
    listening()
    expect([article.title, later.length]).toEqual(['Despite a failure', 1])
  })
})

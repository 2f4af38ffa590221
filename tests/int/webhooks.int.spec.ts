import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http'

import { createServer } from 'node:http'
import { createLocalReq, initTransaction, killTransaction } from 'payload'
import { Webhook as Verifier } from 'standardwebhooks'

import type { Article, Author, User, Webhook } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { announceBatch } from '../../src/contentEvents'
import { getSettings } from '../../src/settings'
import { WEBHOOK_QUEUE } from '../../src/webhooks/deliver'
import { graphqlClient, restClient } from '../helpers/api'
import { createAccount, startPayload } from '../helpers/payload'

// Deliveries go to a receiver on 127.0.0.1, so private targets are allowed here (tests/int/webhookTargets.int.spec.ts
// holds the refusal without it). Each test sends at most a handful of requests; every wait is bounded.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true'

type Received = { body: string; headers: IncomingHttpHeaders }
type Answer = 'hang' | number

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let server: Server
let receiverUrl: string
let received: Received[] = []
/** What the receiver answers to the next requests, in turn; 204 once they are used up. */
let answers: Answer[] = []
const hanging: ServerResponse[] = []
let author: Author
let editor: { token: string; user: User }
let admin: { token: string; user: User }
let webhook: Webhook

/** Waits until `check` holds, up to `ms`; throws with `what` when it does not. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const bodies = () => received.map(({ body }) => JSON.parse(body) as { data: { id: number | string }; type: string })

const publish = (title: string): Promise<Article> =>
  ctx.payload.create({
    collection: 'articles',
    data: { _status: 'published', authors: [author.id], content: paragraphsToLexical([`${title}.`]), title },
  })

const deliveriesOf = async (webhookId: number | string) =>
  (
    await ctx.payload.find({
      collection: 'webhook-deliveries',
      depth: 0,
      pagination: false,
      sort: 'createdAt',
      where: { webhook: { equals: webhookId } },
    })
  ).docs

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers })
      const answer = answers.shift() ?? 204
      if (answer === 'hang') {
        hanging.push(res)
        return
      }
      res.statusCode = answer
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`
  ctx = await startPayload('webhooks')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  author = await ctx.payload.create({ collection: 'authors', data: { name: 'Wendy Hook' } })
  editor = await createAccount(ctx.payload, ['editor'])
  admin = await createAccount(ctx.payload, ['admin'])
  const { body, status } = await rest.post('webhooks', {
    body: { events: ['article.published', 'article.updated', 'article.unpublished'], url: receiverUrl },
    token: admin.token,
  })
  expect(status).toBe(201)
  webhook = body.doc as Webhook
})

afterAll(async () => {
  for (const res of hanging) {
    res.end()
  }
  await waitFor('the webhook queue to empty', async () => {
    const { totalDocs } = await ctx.payload.count({
      collection: 'payload-jobs',
      where: { and: [{ queue: { equals: WEBHOOK_QUEUE } }, { processing: { equals: true } }] },
    })
    return totalDocs === 0
  })
  await ctx.stop()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  received = []
  answers = []
})

describe('webhook secrets', () => {
  it('should generate a secret in the Standard Webhooks form when none is given', () => {
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(webhook.secret!.slice('whsec_'.length), 'base64')).toHaveLength(32)
  })

  it('should keep a secret the admin gives', async () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`
    const { body, status } = await rest.post('webhooks', {
      body: { active: false, events: ['tag.updated'], secret, url: receiverUrl },
      token: admin.token,
    })
    expect([status, body.doc.secret]).toEqual([201, secret])
  })

  it.each([
    ['without the whsec_ prefix', Buffer.alloc(32, 1).toString('base64')],
    ['too short', `whsec_${Buffer.alloc(8, 1).toString('base64')}`],
    ['not base64', 'whsec_not base64 at all!'],
  ])('should refuse a secret %s with a 400 naming the field', async (_label, secret) => {
    const { body, status } = await rest.post('webhooks', {
      body: { events: ['tag.updated'], secret, url: receiverUrl },
      token: admin.token,
    })
    expect([status, body.errors?.[0]?.data?.errors?.[0]?.path]).toEqual([400, 'secret'])
  })
})

describe('deliveries', () => {
  it('should deliver a signed article.published that the reference library verifies', async () => {
    const article = await publish('Harbour reopens')
    await waitFor('one delivery', () => received.length === 1, 5000)
    const [{ body, headers }] = received
    const verified = new Verifier(webhook.secret!).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-signature': String(headers['webhook-signature']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
    })
    expect(verified).toEqual({
      type: 'article.published',
      data: {
        id: article.id,
        slug: 'harbour-reopens',
        collection: 'articles',
        surrogateKeys: ['articles', `article:${article.id}`, `author:${author.id}`],
        url: `${getSettings().site.url}/news/harbour-reopens`,
      },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(headers['content-type']).toBe('application/json')
    expect(headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/)
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60)
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
  })

  it('should refuse a signature made with another secret', async () => {
    await publish('Wrong key story')
    await waitFor('one delivery', () => received.length === 1)
    const [{ body, headers }] = received
    const other = new Verifier(`whsec_${Buffer.alloc(32, 9).toString('base64')}`)
    expect(() => other.verify(body, headers as Record<string, string>)).toThrow('No matching signature found')
  })

  it('should log a delivery as delivered, with its attempts and status', async () => {
    const article = await publish('Logged story')
    await waitFor('one delivery', () => received.length === 1)
    await waitFor('the log to say delivered', async () => {
      const [row] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
      return row?.status === 'delivered'
    })
    const [row] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
    expect({ attempts: row.attempts, event: row.event, lastError: row.lastError, lastStatus: row.lastStatus }).toEqual({
      attempts: 1,
      event: 'article.published',
      lastError: null,
      lastStatus: 204,
    })
    expect(row.messageId).toBe(received[0].headers['webhook-id'])
  })

  // jongodb refuses the $push Payload's job runner records a failed attempt with, leaving the job processing.
  it('should retry after a 500 with the same id, and log both attempts [jongodb-gap]', async () => {
    answers = [500]
    const article = await publish('Retried story')
    await waitFor('the first attempt', () => received.length === 1)
    await waitFor('the log to say retrying', async () => {
      const [row] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
      return row?.status === 'retrying'
    })
    const [failed] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
    expect([failed.attempts, failed.lastStatus, failed.lastError]).toEqual([1, 500, 'HTTP 500'])
    // The retry is due 5 s after the failure (exponential backoff); the server's sweep runs the queue every 5 s,
    // this test runs it itself.
    await waitFor(
      'the retry',
      async () => {
        await ctx.payload.jobs.run({ queue: WEBHOOK_QUEUE, sequential: true })
        return received.length === 2
      },
      12_000,
    )
    expect(received[1].headers['webhook-id']).toBe(received[0].headers['webhook-id'])
    expect(received[1].body).toBe(received[0].body)
    await waitFor('the log to say delivered', async () => {
      const [row] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
      return row?.status === 'delivered'
    })
    const [row] = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(article.id))
    expect([row.attempts, row.lastStatus, row.lastError]).toEqual([2, 204, null])
  })

  it('should send nothing for draft saves, new or autosaved', async () => {
    const draft = await ctx.payload.create({
      collection: 'articles',
      data: { authors: [author.id], title: 'Quiet draft' },
      draft: true,
    })
    await ctx.payload.update({
      id: draft.id,
      autosave: true,
      collection: 'articles',
      data: { title: 'Quieter' },
      draft: true,
    })
    await rest.patch(`articles/${draft.id}?draft=true&autosave=true`, {
      body: { title: 'Quietest' },
      token: editor.token,
    })
    const rows = (await deliveriesOf(webhook.id)).filter((doc) => doc.documentId === String(draft.id))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect([rows.length, received.length]).toEqual([0, 0])
  })

  it('should send nothing for a draft saved over a published article', async () => {
    const article = await publish('Live while edited')
    await waitFor('the publish delivery', () => received.length === 1)
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { title: 'Next version' }, draft: true })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(bodies().map((body) => body.type)).toEqual(['article.published'])
  })

  it('should deliver the changes of one document in the order they were made', async () => {
    const article = await publish('Ordered story')
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { title: 'Ordered story, updated' } })
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { _status: 'draft' } })
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { _status: 'published' } })
    await waitFor('four deliveries', () => received.length === 4)
    expect(bodies().map((body) => [body.type, body.data.id])).toEqual([
      ['article.published', article.id],
      ['article.updated', article.id],
      ['article.unpublished', article.id],
      ['article.published', article.id],
    ])
  })

  it('should send nothing to an inactive webhook, nor events a webhook did not ask for', async () => {
    const { body } = await rest.post('webhooks', {
      body: { active: false, events: ['article.published'], url: receiverUrl },
      token: admin.token,
    })
    await ctx.payload.create({ collection: 'tags', data: { name: 'Unasked' } })
    await publish('Only once')
    await waitFor('one delivery', () => received.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect([received.length, (await deliveriesOf(body.doc.id)).length]).toEqual([1, 0])
  })

  it('should deliver each change of a batch announced after its commits, as the importer announces', async () => {
    const article = await ctx.payload.create({
      collection: 'articles',
      context: { 'newsdesk.collectContentChanges': [] },
      data: { _status: 'published', authors: [author.id], title: 'Imported story' },
    })
    await announceBatch({
      changes: [{ id: article.id, slug: article.slug!, action: 'create', affects: [], collection: 'articles' }],
      payload: ctx.payload,
      source: 'import',
    })
    await waitFor('one delivery', () => received.length === 1)
    expect(bodies().map((body) => [body.type, body.data.id])).toEqual([['article.published', article.id]])
  })

  it('should send nothing for a write that is rolled back', async () => {
    const before = await ctx.payload.count({ collection: 'webhook-deliveries' })
    const req = await createLocalReq({}, ctx.payload)
    await initTransaction(req)
    await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', authors: [author.id], title: 'Never happened' },
      req,
    })
    await killTransaction(req)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const after = await ctx.payload.count({ collection: 'webhook-deliveries' })
    const article = await ctx.payload.count({ collection: 'articles', where: { title: { equals: 'Never happened' } } })
    expect([received.length, after.totalDocs - before.totalDocs, article.totalDocs]).toEqual([0, 0, 0])
  })

  it('should answer an editor’s save while the receiver hangs', async () => {
    answers = ['hang']
    const article = await publish('Receiver asleep')
    await waitFor('the hanging delivery', () => hanging.length === 1)
    const { body, status } = await rest.patch(`articles/${article.id}`, {
      body: { title: 'Saved while the receiver sleeps' },
      token: editor.token,
    })
    // The first delivery is still unanswered: the save did not wait for it.
    expect([status, body.doc.title, hanging[0].writableEnded]).toEqual([200, 'Saved while the receiver sleeps', false])
    hanging[0].end()
  })
})

describe('who may see webhooks', () => {
  type Role = 'admin' | 'anonymous' | 'editor' | 'writer'
  const tokenOf = async (role: Role): Promise<string | undefined> =>
    role === 'anonymous'
      ? undefined
      : role === 'admin'
        ? admin.token
        : role === 'editor'
          ? editor.token
          : (await createAccount(ctx.payload, ['writer'])).token
  const userOf = async (role: Role): Promise<undefined | User> =>
    role === 'anonymous'
      ? undefined
      : role === 'admin'
        ? admin.user
        : role === 'editor'
          ? editor.user
          : (await createAccount(ctx.payload, ['writer'])).user

  it.each(['anonymous', 'writer', 'editor'] as const)(
    'should refuse webhooks and their log to %s over REST',
    async (role) => {
      const token = await tokenOf(role)
      const answers = await Promise.all([
        rest.get('webhooks', { token }),
        rest.get(`webhooks/${webhook.id}`, { token }),
        rest.get('webhook-deliveries', { token }),
        rest.post('webhooks', { body: { events: ['tag.updated'], url: receiverUrl }, token }),
        rest.patch(`webhooks/${webhook.id}`, { body: { url: 'https://attacker.example/' }, token }),
      ])
      expect(answers.map(({ status }) => status)).toEqual([403, 403, 403, 403, 403])
      expect(JSON.stringify(answers)).not.toContain(webhook.secret)
    },
  )

  it.each(['anonymous', 'writer', 'editor'] as const)('should refuse webhooks to %s over GraphQL', async (role) => {
    const token = await tokenOf(role)
    const { body } = await graphql('{ Webhooks { docs { url secret } } WebhookDeliveries { docs { body } } }', {
      token,
    })
    expect(body.data).toEqual({ WebhookDeliveries: null, Webhooks: null })
    expect(body.errors.map((error: { message: string }) => error.message)).toEqual([
      'You are not allowed to perform this action.',
      'You are not allowed to perform this action.',
    ])
    const mutation = await graphql(
      `mutation { createWebhook(data: { url: "${receiverUrl}", events: tag_updated }) { id secret } }`,
      { token },
    )
    expect([mutation.body.data, mutation.body.errors.length]).toEqual([{ createWebhook: null }, 1])
  })

  it.each(['anonymous', 'writer', 'editor'] as const)(
    'should refuse webhooks to %s through the Local API',
    async (role) => {
      const user = await userOf(role)
      await expect(ctx.payload.find({ collection: 'webhooks', overrideAccess: false, user })).rejects.toThrow(
        'You are not allowed',
      )
      await expect(
        ctx.payload.findByID({ id: webhook.id, collection: 'webhooks', overrideAccess: false, user }),
      ).rejects.toThrow('You are not allowed')
      await expect(ctx.payload.find({ collection: 'webhook-deliveries', overrideAccess: false, user })).rejects.toThrow(
        'You are not allowed',
      )
    },
  )

  it('should show admins the webhooks with their secret, through each door', async () => {
    const byRest = await rest.get(`webhooks/${webhook.id}`, { token: admin.token })
    const byGraphql = await graphql(
      `{ Webhooks(where: { id: { equals: ${JSON.stringify(webhook.id)} } }) { docs { secret } } }`,
      { token: admin.token },
    )
    const byLocal = await ctx.payload.findByID({
      id: webhook.id,
      collection: 'webhooks',
      overrideAccess: false,
      user: admin.user,
    })
    expect([byRest.body.secret, byGraphql.body.data.Webhooks.docs[0].secret, byLocal.secret]).toEqual([
      webhook.secret,
      webhook.secret,
      webhook.secret,
    ])
  })

  it('should let nobody write the delivery log by hand, admins included', async () => {
    const create = await rest.post('webhook-deliveries', {
      body: { body: {}, documentId: '1', event: 'tag.updated', messageId: 'msg_forged' },
      token: admin.token,
    })
    expect(create.status).toBe(403)
  })
})

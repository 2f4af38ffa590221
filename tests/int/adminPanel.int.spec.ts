import type { User } from '../../src/payload-types'
import type { TestPayload } from '../helpers/payload'

import { ABANDONED_DRAFT_AGE_MS } from '../../collections/Articles/hooks/sweepAbandonedDrafts'
import { paragraphsToLexical } from '../../seed/formats/lexical'
import { createAccount, startPayload } from '../helpers/payload'
import { serverFunctionClient } from '../helpers/serverFunctions'

let ctx: TestPayload

beforeAll(async () => {
  ctx = await startPayload('admin-panel')
})

afterAll(async () => {
  await ctx.stop()
})

/** The `roles` the admin panel's new-account form starts with, as the given token's user (anonymous without). */
const newAccountRoles = async (token?: string) => {
  const call = serverFunctionClient(ctx.config)
  // Every field writable, as Payload's first-user view grants (@payloadcms/next views/CreateFirstUser).
  const users = ctx.config.collections.find(({ slug }) => slug === 'users')!
  const fields = Object.fromEntries(
    users.fields.flatMap((field) =>
      'name' in field ? [[field.name, { create: true, read: true, update: true }]] : [],
    ),
  )
  const answer = await call(
    'form-state',
    {
      collectionSlug: 'users',
      docPermissions: { create: true, fields, read: true, update: true },
      docPreferences: { fields: {} },
      operation: 'create',
      schemaPath: 'users',
      skipClientConfigAuth: true,
      skipValidation: true,
    },
    { token },
  )
  return answer.value?.state?.roles?.value as unknown
}

describe('the new-account form', () => {
  // Runs first, while the database has no account: the state the "create first user" screen is built from.
  it('should show Admin on the first-user screen, the role the first account gets', async () => {
    expect(await newAccountRoles()).toEqual(['admin'])
  })

  it('should show Writer once an account exists', async () => {
    const { token } = await createAccount(ctx.payload, ['admin'])

    expect(await newAccountRoles(token)).toEqual(['writer'])
  })
})

// Regression: every abandoned "Create New" left a `<No Title>` draft in the list for good.
describe('abandoned "Create New" drafts', () => {
  let editor: User

  beforeAll(async () => {
    ;({ user: editor } = await createAccount(ctx.payload, ['editor']))
  })

  /** What opening "Create New" stores: Payload's document view creates the draft from nothing, as the user. */
  const openCreateNew = () =>
    ctx.payload.create({ collection: 'articles', data: {}, draft: true, overrideAccess: false, user: editor })

  /** Moves a draft's last change back by `ms`, as if nobody had touched it since. */
  const age = async (id: number | string, ms: number) => {
    const updatedAt = new Date(Date.now() - ms).toISOString()
    await ctx.payload.db.updateOne({ collection: 'articles', data: { updatedAt }, where: { id: { equals: id } } })
  }

  const stillThere = async (ids: Array<number | string>) =>
    (await ctx.payload.find({ collection: 'articles', draft: true, limit: 0, where: { id: { in: ids } } })).docs
      .map(({ id }) => String(id))
      .sort()

  it('should delete an empty draft left untouched for a day when "Create New" is next opened', async () => {
    const abandoned = await openCreateNew()
    await age(abandoned.id, ABANDONED_DRAFT_AGE_MS + 60_000)

    await openCreateNew()

    expect(await stillThere([abandoned.id])).toEqual([])
  })

  it('should keep an empty draft opened within the day, which someone may still be writing in', async () => {
    const recent = await openCreateNew()
    await age(recent.id, ABANDONED_DRAFT_AGE_MS - 60_000)

    await openCreateNew()

    expect(await stillThere([recent.id])).toEqual([String(recent.id)])
  })

  it('should keep an old draft that has a title, a body or a dek', async () => {
    const written = await Promise.all([
      ctx.payload.create({ collection: 'articles', data: { title: 'A title only' }, draft: true }),
      ctx.payload.create({ collection: 'articles', data: { content: paragraphsToLexical(['A body.']) }, draft: true }),
      ctx.payload.create({ collection: 'articles', data: { excerpt: 'A dek only.' }, draft: true }),
    ])
    for (const { id } of written) {
      await age(id, ABANDONED_DRAFT_AGE_MS * 2)
    }
    const ids = written.map(({ id }) => id)

    await openCreateNew()

    expect(await stillThere(ids)).toEqual(ids.map(String).sort())
  })
})

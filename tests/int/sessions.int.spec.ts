import { createLocalReq } from 'payload'

import type { TestPayload } from '../helpers/payload'

import { graphqlClient, restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'
import { serverFunctionClient } from '../helpers/serverFunctions'

// Sessions are server-side: a token is only good while its session lives, so logging out revokes the token
// itself, and a copy of it (stolen from a log, a proxy, a browser) stops working too.
let ctx: TestPayload
let rest: ReturnType<typeof restClient>
const credentials = { email: 'session@newsdesk.test', password: 'pw-session-0123456789' }

beforeAll(async () => {
  ctx = await startPayload('sessions')
  rest = restClient(ctx.config)
  await ctx.payload.create({ collection: 'users', data: { ...credentials, roles: ['editor'] } })
})

afterAll(async () => {
  await ctx.stop()
})

it('should refuse a token once its session is logged out, and keep another session working', async () => {
  const first = (await rest.post('users/login', { body: credentials })).body.token as string
  const second = (await rest.post('users/login', { body: credentials })).body.token as string
  expect((await rest.get('users/me', { token: first })).body.user?.email).toBe(credentials.email)

  const logout = await rest.post('users/logout', { token: first })

  expect(logout.status).toBe(200)
  expect((await rest.get('users/me', { token: first })).body.user ?? null).toBeNull()
  expect((await rest.get('users/me', { token: second })).body.user?.email).toBe(credentials.email)
})

// Issue round two, item 9: a session's id, creation and expiry time are its owner's and the admins' only.
describe("another user's sessions", () => {
  type Reader = 'admin' | 'editor' | 'owner' | 'writer'
  type Door =
    | 'graphql'
    | 'local'
    | 'rest'
    | 'rest list'
    | 'server function render-document'
    | 'server function table-state'
  const tokens: Partial<Record<Reader, string>> = {}
  const users: Partial<Record<Reader, { id: number | string }>> = {}
  let ownerSessionIds: string[] = []

  beforeAll(async () => {
    const roles = { admin: ['admin'], editor: ['editor'], owner: ['writer'], writer: ['writer'] } as const
    for (const reader of Object.keys(roles) as Reader[]) {
      const account = { email: `${reader}-sessions@newsdesk.test`, password: `pw-${reader}-0123456789` }
      users[reader] = await ctx.payload.create({ collection: 'users', data: { ...account, roles: [...roles[reader]] } })
      tokens[reader] = (await ctx.payload.login({ collection: 'users', data: account })).token
    }
    const owner = await ctx.payload.findByID({ id: users.owner!.id, collection: 'users' })
    ownerSessionIds = (owner.sessions ?? []).map((session) => session.id)
  })

  /** The ids of the owner's sessions that `reader` gets through `door`. */
  async function sessionIdsSeen(reader: Reader, door: Door): Promise<string[]> {
    const ownerId = users.owner!.id
    const token = tokens[reader]
    const ids = (doc: { sessions?: { id: string }[] | null } | undefined) =>
      (doc?.sessions ?? []).map((session) => session.id)
    const pick = (docs: Array<{ id: number | string; sessions?: { id: string }[] | null }>) =>
      ids(docs.find((doc) => String(doc.id) === String(ownerId)))
    switch (door) {
      case 'graphql': {
        const { body } = await graphqlClient(ctx.config)(`{ Users(limit: 0) { docs { id sessions { id } } } }`, {
          token,
        })
        return pick(body.data.Users.docs)
      }
      case 'local': {
        const user = await ctx.payload.findByID({ id: users[reader]!.id, collection: 'users' })
        const req = await createLocalReq({ user: { ...user, collection: 'users' } }, ctx.payload)
        return ids(await ctx.payload.findByID({ id: ownerId, collection: 'users', overrideAccess: false, req }))
      }
      case 'rest':
        return ids((await rest.get(`users/${ownerId}`, { token })).body)
      case 'rest list':
        return pick((await rest.get('users?limit=0', { token })).body.docs)
      case 'server function render-document': {
        const call = serverFunctionClient(ctx.config)
        const args = {
          collectionSlug: 'users',
          docID: ownerId,
          redirectAfterDelete: false,
          redirectAfterDuplicate: false,
        }
        return ids((await call('render-document', args, { token })).value?.data)
      }
      case 'server function table-state': {
        const call = serverFunctionClient(ctx.config)
        const args = { collectionSlug: 'users', enableRowSelections: false, query: { limit: 0 }, renderRowTypes: false }
        return pick((await call('table-state', args, { token })).value?.data.docs ?? [])
      }
    }
  }

  it.each<Door>([
    'rest',
    'rest list',
    'graphql',
    'local',
    'server function render-document',
    'server function table-state',
  ])('should show sessions to their owner and admins only, through %s', async (door) => {
    const seen = {
      admin: await sessionIdsSeen('admin', door),
      editor: await sessionIdsSeen('editor', door),
      owner: await sessionIdsSeen('owner', door),
      writer: await sessionIdsSeen('writer', door),
    }
    expect(ownerSessionIds).toHaveLength(1)
    expect(seen).toStrictEqual({ admin: ownerSessionIds, editor: [], owner: ownerSessionIds, writer: [] })
  })
})

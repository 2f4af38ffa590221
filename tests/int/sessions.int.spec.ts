import type { TestPayload } from '../helpers/payload'

import { restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'

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

import type { TestPayload } from '../helpers/payload'

import { restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'

// Regression: on SQLite every forgot-password request answered 500 after the 5 s busy timeout, blocking all other
// requests meanwhile: Payload's per-account interval wrote outside the request's transaction, which already held
// the write lock (collections/Users/index.ts, forgotPassword).
let ctx: TestPayload
let rest: ReturnType<typeof restClient>
const email = 'reset@newsdesk.test'

beforeAll(async () => {
  ctx = await startPayload('forgot-password')
  rest = restClient(ctx.config)
  await ctx.payload.create({ collection: 'users', data: { email, password: 'pw-old-0123456789', roles: ['writer'] } })
})

afterAll(async () => {
  await ctx.stop()
})

it('should answer a known and an unknown email alike, and keep a reset token only for the known one', async () => {
  const known = await rest.post('users/forgot-password', { body: { email } })
  const unknown = await rest.post('users/forgot-password', { body: { email: 'nobody@newsdesk.test' } })
  const stored = await ctx.payload.db.findOne<{ id: number | string; resetPasswordToken?: null | string }>({
    collection: 'users',
    where: { email: { equals: email } },
  })
  expect(known).toEqual(unknown)
  expect(known.status).toBe(200)
  expect(stored?.resetPasswordToken).toMatch(/^[0-9a-f]{40}$/)
})

it('should let the account holder set a new password with the token and log in with it', async () => {
  const token = await ctx.payload.forgotPassword({ collection: 'users', data: { email }, disableEmail: true })
  const reset = await rest.post('users/reset-password', { body: { password: 'pw-new-0123456789', token } })
  const login = await rest.post('users/login', { body: { email, password: 'pw-new-0123456789' } })
  const oldLogin = await rest.post('users/login', { body: { email, password: 'pw-old-0123456789' } })
  expect([reset.status, login.status, oldLogin.status]).toEqual([200, 200, 401])
})

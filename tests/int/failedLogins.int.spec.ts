import type { TestPayload } from '../helpers/payload'

import { FAILED_LOGIN_MESSAGE } from '../../collections/Users/hooks/equaliseFailedLogins'
import { startPayload } from '../helpers/payload'

// No failed login may tell which emails have accounts, by its answer or by its time.
let ctx: TestPayload
const email = 'timing@newsdesk.test'
const locked = { email: 'locked@newsdesk.test', password: 'pw-locked-0123456789' }

beforeAll(async () => {
  ctx = await startPayload('failedlogins')
  await ctx.payload.create({
    collection: 'users',
    data: { email, password: 'pw-timing-0123456789', roles: ['writer'] },
  })
  await ctx.payload.create({ collection: 'users', data: { ...locked, roles: ['writer'] } })
  // Payload's own lockout: five wrong passwords (collections/Users/index.ts, maxLoginAttempts).
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await expect(login(locked.email, 'not-the-password')).rejects.toThrow(FAILED_LOGIN_MESSAGE)
  }
})

afterAll(async () => {
  await ctx.stop()
})

const login = (loginEmail: string, password: string) =>
  ctx.payload.login({ collection: 'users', data: { email: loginEmail, password } })

/** The error a login fails with, as a client sees it: class name, status and message. */
async function failure(loginEmail: string, password: string) {
  const error = (await login(loginEmail, password).then(
    () => ({}),
    (caught: unknown) => caught,
  )) as { message?: string; name?: string; status?: number }
  return { name: error.name, message: error.message, status: error.status }
}

/** Milliseconds one failing login takes. */
async function failedLoginMs(loginEmail: string, password = 'not-the-password'): Promise<number> {
  const started = performance.now()
  await expect(login(loginEmail, password)).rejects.toThrow(FAILED_LOGIN_MESSAGE)
  return performance.now() - started
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

// Regression: a locked account got Payload's LockedAuth ("This user is locked…"), which only an account can get.
it('should answer a locked account, even with the right password, as it answers an unknown email', async () => {
  const unknown = await failure('nobody@newsdesk.test', locked.password)
  expect(unknown).toEqual({ name: 'AuthenticationError', message: FAILED_LOGIN_MESSAGE, status: 401 })
  expect(await failure(locked.email, locked.password)).toEqual(unknown)
  expect(await failure(email, 'not-the-password')).toEqual(unknown)
})

// Regression: Payload answered a login for an unknown email before hashing (a few ms), and a known email with a
// wrong password after a 600,000-round PBKDF2 (hundreds of ms), so timing alone revealed which emails exist.
// Four attempts stay under the lockout (5), so every known-email attempt really hashes.
it('should take about as long to refuse an unknown email as a known email with a wrong password', async () => {
  const known: number[] = []
  const unknown: number[] = []
  for (let attempt = 0; attempt < 4; attempt += 1) {
    known.push(await failedLoginMs(email))
    unknown.push(await failedLoginMs(`nobody-${attempt}@newsdesk.test`))
  }
  const ratio = median(unknown) / median(known)
  // Without the fix: 4.7 ms against 171 ms (ratio 0.03). A factor of four either way still catches that, and
  // leaves room for a machine busy with other test files.
  expect(ratio).toBeGreaterThan(0.25)
  expect(ratio).toBeLessThan(4)
})

// Regression: Payload refused a locked account before hashing, as fast as an unknown email used to be.
it('should take about as long to refuse a locked account as an unknown email', async () => {
  const lockedMs: number[] = []
  const unknown: number[] = []
  for (let attempt = 0; attempt < 4; attempt += 1) {
    lockedMs.push(await failedLoginMs(locked.email))
    unknown.push(await failedLoginMs(`nobody-${attempt}@newsdesk.test`))
  }
  const ratio = median(lockedMs) / median(unknown)
  expect(ratio).toBeGreaterThan(0.25)
  expect(ratio).toBeLessThan(4)
})

import type { TestPayload } from '../helpers/payload'

import { startPayload } from '../helpers/payload'

// Regression: Payload answered a login for an unknown email before hashing (a few ms), and a known email with a
// wrong password after a 600,000-round PBKDF2 (hundreds of ms), so timing alone revealed which emails exist.
// Four attempts stay under the lockout (5), so every known-email attempt really hashes.
let ctx: TestPayload
const email = 'timing@newsdesk.test'

beforeAll(async () => {
  ctx = await startPayload('logintiming')
  await ctx.payload.create({ collection: 'users', data: { email, password: 'pw-timing-0123456789', roles: ['writer'] } })
})

afterAll(async () => {
  await ctx.stop()
})

/** Milliseconds one failing login takes. */
async function failedLoginMs(loginEmail: string): Promise<number> {
  const started = performance.now()
  await expect(ctx.payload.login({ collection: 'users', data: { email: loginEmail, password: 'not-the-password' } })).rejects.toThrow()
  return performance.now() - started
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

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

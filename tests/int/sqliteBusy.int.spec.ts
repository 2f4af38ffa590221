import type { TestPayload } from '../helpers/payload'

import { startPayload } from '../helpers/payload'
import { start } from '../helpers/process'

// Regression: libsql gives each transaction the current connection and opens a fresh one for what follows,
// and the fresh one started with busy_timeout 0. A write while another process held the lock then failed at
// once with SQLITE_BUSY instead of waiting. src/database.ts re-applies the timeout to each new connection.
let ctx: TestPayload

const HOLD_LOCK = `
import { createClient } from '@libsql/client'
const client = createClient({ url: process.env.DATABASE_URI })
await client.execute('BEGIN IMMEDIATE')
await client.execute("INSERT INTO tags (name, slug, updated_at, created_at) VALUES ('Held', 'held', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z')")
console.log('locked')
await new Promise((resolve) => setTimeout(resolve, 1500))
await client.execute('COMMIT')
client.close()
`

beforeAll(async () => {
  ctx = await startPayload('sqlitebusy')
})

afterAll(async () => {
  await ctx.stop()
})

it('should wait for another process’s write lock instead of failing, on connections opened after a transaction [sqlite]', async () => {
  // A first transaction makes libsql replace the connection Payload started with.
  await ctx.payload.create({ collection: 'tags', data: { name: 'First' } })
  // Another process takes the write lock, holds it for 1.5 s, then commits (libsql blocks the event loop while
  // it waits, so the lock holder cannot live in this process).
  const holder = start({
    args: ['--input-type=module', '-e', HOLD_LOCK],
    command: process.execPath,
    env: { DATABASE_URI: process.env.DATABASE_URI! },
  })
  while (!holder.output().includes('locked')) {
    if (holder.process.exitCode !== null) {
      throw new Error(`the lock holder exited: ${holder.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const started = Date.now()

  const created = await ctx.payload.create({ collection: 'tags', data: { name: 'Second' } })

  expect((await holder.finished).code).toBe(0)
  expect(created.slug).toBe('second')
  expect(Date.now() - started).toBeGreaterThanOrEqual(500)
  const names = (await ctx.payload.find({ collection: 'tags' })).docs.map((tag) => tag.name)
  expect(names.sort()).toEqual(['First', 'Held', 'Second'])
})

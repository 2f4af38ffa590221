/**
 * Test fixture, run with `payload run` against the e2e server's database: creates a draft article and
 * schedules its publication one second from now, as the admin panel's "Schedule publish" does.
 * Prints `scheduled <id>` when done.
 */
import { getPayload } from 'payload'

const title = process.argv[2] ?? 'Scheduled story'
const { default: config } = await import('../../../src/payload.config')
const payload = await getPayload({ config })
const article = await payload.create({ collection: 'articles', data: { _status: 'draft', title }, draft: true })
await payload.jobs.queue({
  input: { type: 'publish', doc: { relationTo: 'articles', value: String(article.id) as never } },
  task: 'schedulePublish',
  waitUntil: new Date(Date.now() + 1000),
})
process.stdout.write(`scheduled ${article.id}\n`)
await payload.destroy()
process.exit(0)

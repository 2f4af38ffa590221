/**
 * Test fixture, run with `payload run` against the e2e server's database: schedules the unpublishing of the
 * article whose id is given, one second from now, as the admin panel's "Schedule unpublish" does.
 * Prints `scheduled <id>` when done.
 */
import { getPayload } from 'payload'

const id = process.argv[2]
const { default: config } = await import('../../../src/payload.config')
const payload = await getPayload({ config })
await payload.jobs.queue({
  input: { type: 'unpublish', doc: { relationTo: 'articles', value: id as never } },
  task: 'schedulePublish',
  waitUntil: new Date(Date.now() + 1000),
})
process.stdout.write(`scheduled ${id}\n`)
await payload.destroy()
process.exit(0)

/**
 * `npm run export -- <folder>`: writes every published article as `<slug>.md` (YAML front matter + Markdown),
 * a form `npm run import` reads back to the same articles. Run through `payload run`, which loads .env the
 * way the app does.
 *
 * Exit codes: 0 written; 1 the export failed or did not finish; 2 no folder given.
 */
import path from 'node:path'
import { getPayload } from 'payload'

let isFinished = false
process.on('exit', (code) => {
  if (!isFinished && code === 0) {
    process.stderr.write('export: the process ended before the export finished.\n')
    process.exitCode = 1
  }
})

const [directory, ...extra] = process.argv.slice(2)
if (!directory || extra.length) {
  process.stderr.write('usage: npm run export -- <folder>\n')
  isFinished = true
  process.exit(2)
}
// Imported here rather than statically, so the guard above is in place before the config loads.
const { exportArticles } = await import('./exportArticles')
const { default: config } = await import('../src/payload.config')
const payload = await getPayload({ config })
const { files, skippedDrafts } = await exportArticles({ directory: path.resolve(directory), payload })
process.stdout.write(
  `export: ${files.length} published article(s) written to ${path.resolve(directory)}` +
    (skippedDrafts ? `; ${skippedDrafts} unpublished article(s) left out` : '') +
    '\n',
)
await payload.destroy()
isFinished = true
process.exit(0)

/**
 * `npm run export -- <folder>`: writes every published article as `<slug>.md` (YAML front matter + Markdown),
 * a form `npm run import` reads back to the same articles. Run through `payload run`, which loads .env the
 * way the app does.
 *
 * Exit codes: 0 written; 1 the export failed or did not finish; 2 no folder given, or a file where the folder should be.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { getPayload } from 'payload'

import { guardSilentExit } from './exitGuard'

const stop = guardSilentExit('export')

const USAGE = 'usage: npm run export -- <folder>   (writes <slug>.md for every published article)\n'
const [given, ...extra] = process.argv.slice(2)
if (given === '--help' || given === '-h') {
  process.stdout.write(USAGE)
  stop(0)
}
if (!given || extra.length || given.startsWith('-')) {
  process.stderr.write(USAGE)
  stop(2)
}
// npm runs scripts in the project folder; a path typed on the command line is relative to where npm was run.
const directory = path.resolve(process.env.INIT_CWD ?? process.cwd(), given)
if (existsSync(directory) && !statSync(directory).isDirectory()) {
  stop(2, `${directory} is a file; name a folder`)
}
// Imported here rather than statically, so the guard above is in place before the config loads.
const { exportArticles } = await import('../exportArticles')
const { default: config } = await import('../../src/payload.config')
const payload = await getPayload({ config })
const { files, losses, skippedDrafts } = await exportArticles({ directory, payload })
for (const loss of losses) {
  process.stdout.write(`warning: ${loss}\n`)
}
process.stdout.write(
  `export: ${files.length} published article(s) written to ${directory}` +
    (skippedDrafts ? `; ${skippedDrafts} unpublished article(s) left out` : '') +
    '\n',
)
await payload.destroy()
stop(0)

/**
 * `npm run seed`: imports every .txt document in seed/documents/ (or the folder given as the first argument).
 * Run through `payload run`, which loads .env the way the app does.
 *
 * Exit codes: 0 all documents imported or unchanged; 1 a document failed or the run did not finish.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { getPayload } from 'payload'

import { formatReport, importDocuments, ImportInputError, listDocuments } from './importDocuments'

// On Node 20 a script that loads the Payload config can end with exit code 0 before doing anything (an
// unsettled top-level await in Lexical's Node entry). This guard turns that silent stop into a failure.
let isFinished = false
process.on('exit', (code) => {
  if (!isFinished && code === 0) {
    process.stderr.write('seed: the process ended before the import finished; nothing was reported.\n')
    process.exitCode = 1
  }
})

const here = path.dirname(fileURLToPath(import.meta.url))
const directory = path.resolve(process.argv[2] ?? path.join(here, 'documents'))

let files: string[]
try {
  files = await listDocuments(directory)
} catch (error) {
  if (!(error instanceof ImportInputError)) {
    throw error
  }
  process.stderr.write(`seed: ${error.message}\n`)
  isFinished = true
  process.exit(1)
}

// Imported here rather than statically, so the guard above is in place before the config loads.
const { default: config } = await import('../src/payload.config')
const payload = await getPayload({ config })
const reports = await importDocuments({ files, payload })

for (const report of reports) {
  if (report.action === 'failed') {
    payload.logger.error({ msg: formatReport(report) })
  } else if (report.action === 'conflict') {
    payload.logger.warn({ msg: formatReport(report) })
  } else {
    payload.logger.info({ msg: formatReport(report) })
  }
}
const count = (action: string) => reports.filter((report) => report.action === action).length
const summary = ['created', 'updated', 'unchanged', 'conflict', 'failed'].map((action) => `${count(action)} ${action}`).join(', ')
payload.logger.info({ msg: `seed: ${reports.length} document(s): ${summary}` })

await payload.destroy()
isFinished = true
process.exit(count('failed') > 0 ? 1 : 0)

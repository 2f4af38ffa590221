/**
 * The importer's command line, shared by `npm run import` and `npm run seed`.
 *
 *   npm run import -- <file or folder>… [--dry-run] [--force] [--report out.json]
 *
 * Exit codes: 0 every document imported, unchanged or in conflict; 1 a document failed, or the run did not
 * finish (the documents committed before are reported); 2 the command line or the paths given are wrong, or
 * the database cannot run transactions.
 */
import { Presets, SingleBar } from 'cli-progress'
import { constants } from 'node:fs'
import { access, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'

import type { DocumentReport } from '../importDocuments'

import { IMPORTER_VERSION, ImportInputError, listDocuments } from '../formats/readSource'
import { formatReport, importDocuments, summarise } from '../importDocuments'
import { hasTransactions } from '../writer/apply'
import { guardSilentExit } from './exitGuard'

const USAGE = `usage: npm run import -- <file or folder>… [--dry-run] [--force] [--report out.json]

  Imports news documents (.txt, .md with YAML front matter, .html); folders are searched recursively.
  --dry-run        parse and decide, print what would happen, write nothing
  --force          overwrite articles edited in the CMS since their import (otherwise: conflict)
  --report FILE    write every document's action, warnings and errors as JSON
`

/**
 * Runs an import from command-line arguments and exits the process with the code described above.
 * Never returns; errors while loading the config or connecting propagate (the process then exits 1).
 *
 * @param args.argv - the arguments after the script name.
 * @param args.defaultPaths - what to import when no path is given (the seed's sample folder); none: a path is required.
 * @param args.name - the command's name in messages (`import`, `seed`).
 */
export async function runImportCli({
  name,
  argv,
  defaultPaths = [],
}: {
  argv: readonly string[]
  defaultPaths?: readonly string[]
  name: string
}): Promise<never> {
  const stop = guardSilentExit(name)

  let options
  try {
    options = parseArgs({
      allowPositionals: true,
      args: [...argv],
      options: {
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        report: { type: 'string' },
      },
    })
  } catch (error) {
    return stop(2, `${(error as Error).message}\n${USAGE}`)
  }
  if (options.values.help) {
    process.stdout.write(USAGE)
    return stop(0)
  }
  // npm runs scripts in the project folder; paths typed on the command line are relative to where npm was run.
  const typedFrom = process.env.INIT_CWD ?? process.cwd()
  const given = options.positionals.map((value) => path.resolve(typedFrom, value))
  const reportPath = options.values.report === undefined ? undefined : path.resolve(typedFrom, options.values.report)
  let files: string[]
  try {
    const skipped: string[] = []
    files = await listDocuments(given.length ? given : defaultPaths, { onSkip: (file) => skipped.push(file) })
    if (skipped.length) {
      const examples = skipped
        .slice(0, 3)
        .map((file) => path.relative(typedFrom, file))
        .join(', ')
      process.stdout.write(
        `${name}: skipped ${skipped.length} file(s) it does not read (${examples}${skipped.length > 3 ? ', …' : ''})\n`,
      )
    }
    if (reportPath) {
      await checkWritable(reportPath)
    }
  } catch (error) {
    if (error instanceof ImportInputError) {
      return stop(2, error.message)
    }
    throw error
  }

  const isDryRun = options.values['dry-run'] === true
  const isForced = options.values.force === true
  // Imported here rather than statically, so the guard above is in place before the config loads.
  const { default: config } = await import('../../src/payload.config')
  const payload = await getPayload({ config })
  if (!isDryRun && !(await hasTransactions(payload))) {
    await payload.destroy()
    return stop(
      2,
      'the database runs without transactions (MongoDB needs a replica set: add replicaSet=… to DATABASE_URI); ' +
        'the importer writes each document whole or not at all, and cannot without them',
    )
  }
  const startedAt = new Date()
  const progress = createProgress({ isDetailed: isDryRun, total: files.length })
  const reports: DocumentReport[] = []
  let runError: unknown
  try {
    await importDocuments({
      files,
      isDryRun,
      isForced,
      onDocument: (report) => {
        reports.push(report)
        progress.update(report)
      },
      payload,
    })
  } catch (error) {
    // Committed documents stay committed: say which, rather than lose the report with the error.
    runError = error
  }
  progress.stop()
  const finishedAt = new Date()

  const summary = summarise(reports)
  const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000
  const stopped = runError ? ` (stopped after ${reports.length} of ${files.length})` : ''
  process.stdout.write(
    `${name}: ${reports.length} document(s)${stopped}${isDryRun ? ' (dry run: nothing written)' : ''}: ` +
      `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
      `${summary.conflict} conflict, ${summary.failed} failed; ${summary.warnings} warning(s); ${seconds.toFixed(1)} s\n`,
  )
  if (reportPath) {
    const report = {
      documents: reports,
      ...(runError ? { error: runError instanceof Error ? runError.message : String(runError) } : {}),
      finishedAt: finishedAt.toISOString(),
      importerVersion: IMPORTER_VERSION,
      isDryRun,
      isForced,
      startedAt: startedAt.toISOString(),
      summary,
    }
    await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(`${name}: report written to ${reportPath}\n`)
  }
  if (runError) {
    process.stderr.write(
      `${name}: the run stopped: ${runError instanceof Error ? runError.message : String(runError)}\n`,
    )
    await payload.destroy().catch(() => {})
    return stop(1)
  }
  await payload.destroy()
  return stop(summary.failed > 0 ? 1 : 0)
}

/**
 * Checks, before anything is imported, that the report can be written: its folder exists and the path is not a
 * folder. (Found after the import, the report would be lost.)
 *
 * @throws ImportInputError naming the path.
 */
async function checkWritable(file: string): Promise<void> {
  const folder = await stat(path.dirname(file)).catch(() => undefined)
  if (!folder?.isDirectory()) {
    throw new ImportInputError(`--report: the folder ${path.dirname(file)} does not exist`)
  }
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new ImportInputError(`--report: ${file} is a folder; name a file`)
  }
  await access(path.dirname(file), constants.W_OK).catch(() => {
    throw new ImportInputError(`--report: cannot write in ${path.dirname(file)}`)
  })
}

/**
 * On a terminal: a progress bar, with failures, conflicts and warnings printed above it as they happen.
 * Otherwise (CI, a pipe, a log file), and in a dry run: one plain line per document (a dry run adds the
 * parsed title, byline, word count and reading time).
 */
function createProgress({ isDetailed, total }: { isDetailed: boolean; total: number }): {
  stop: () => void
  update: (report: DocumentReport) => void
} {
  if (!process.stdout.isTTY || isDetailed) {
    return {
      stop: () => {},
      update: (report) => process.stdout.write(`${formatReport(report, { isDetailed })}\n`),
    }
  }
  const bar = new SingleBar(
    { format: ' {bar} {value}/{total} documents  {eta_formatted} left  {file}', hideCursor: true },
    Presets.shades_classic,
  )
  bar.start(total, 0, { file: '' })
  return {
    stop: () => bar.stop(),
    update: (report) => {
      if (report.action === 'failed' || report.action === 'conflict' || report.warnings.length) {
        // Clear the bar's line, print above it; the bar redraws on its next update.
        process.stdout.write(`\r\u001b[2K${formatReport(report)}\n`)
      }
      bar.increment({ file: report.file })
    },
  }
}

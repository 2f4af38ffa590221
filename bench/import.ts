/**
 * `npm run bench:import [-- 1000 10000]`: import throughput on the embedded SQLite database.
 *
 * For each size, writes a deterministic corpus (bench/corpus.ts), then imports it into a fresh database twice,
 * each in a process of its own so peak memory is per run:
 *   plain     a `payload.create` loop, one Local API call per article (authors found or created first);
 *   importer  the importer's path (`importDocuments`): batched transactions, one index read per run.
 * Prints documents per second, peak resident memory and the importer/plain ratio. Not a test: it fails only if
 * a run fails.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { run } from '../tests/helpers/process'
import { writeCorpus } from './corpus'

type Result = { created: number; documents: number; mode: string; peakRssMiB: number; seconds: number }

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0)
const here = path.dirname(fileURLToPath(import.meta.url))
const work = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-bench-'))

async function measure(mode: 'importer' | 'plain', corpus: string): Promise<Result> {
  const database = path.join(work, `${mode}-${path.basename(corpus)}.db`)
  const result = await run({
    args: ['--import', 'tsx/esm', path.join(here, 'importWorker.ts'), mode, corpus],
    command: process.execPath,
    env: {
      DATABASE_URI: `file:${database}`,
      NODE_OPTIONS: '--conditions=development',
      PAYLOAD_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
    },
    timeoutMs: 30 * 60_000,
  })
  const line = result.output.split('\n').find((text) => text.startsWith('{"created"'))
  if (result.code !== 0 || !line) {
    throw new Error(`${mode} run failed (exit ${result.code}):\n${result.output.slice(-2000)}`)
  }
  return JSON.parse(line) as Result
}

try {
  const rows: string[] = []
  for (const size of sizes.length ? sizes : [1000, 10_000]) {
    const corpus = await writeCorpus({ count: size, directory: path.join(work, `corpus-${size}`) })
    const plain = await measure('plain', corpus)
    const importer = await measure('importer', corpus)
    for (const result of [plain, importer]) {
      if (result.created !== size) {
        throw new Error(`${result.mode}: created ${result.created} of ${size} articles`)
      }
      rows.push(
        [
          String(size).padStart(7),
          result.mode.padEnd(9),
          `${result.seconds.toFixed(1)} s`.padStart(9),
          `${Math.round(size / result.seconds)} docs/s`.padStart(13),
          `${result.peakRssMiB} MiB`.padStart(10),
        ].join('  '),
      )
    }
    rows.push(
      `${''.padStart(7)}  ratio      importer is ${(plain.seconds / importer.seconds).toFixed(2)}× the plain loop`,
    )
    process.stdout.write(`${rows.splice(0).join('\n')}\n`)
  }
} finally {
  await rm(work, { force: true, recursive: true })
}

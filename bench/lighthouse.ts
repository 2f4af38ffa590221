/**
 * `npm run bench:lighthouse`: Lighthouse scores of the reference site's article page and home page, on the
 * production build.
 *
 * Starts the production server on a fresh SQLite file, publishes the sample story through REST, then runs
 * Lighthouse (the pinned devDependency, 12.2.3: the last line that runs on Node 20) against
 * `/news/<slug>` and `/`, with its mobile defaults (simulated slow 4G and a 4× slower CPU) and with its desktop
 * preset. Each page and form factor is run `RUNS` times and the median score of each category is reported, as
 * Lighthouse's own documentation advises for scores that vary from run to run. Audits (opportunities included) that
 * scored below 0.9 in the median run are listed with what they found.
 *
 * Chromium: `CHROME_PATH`, else /usr/bin/chromium (Debian's package), headless, without its sandbox (containers
 * have no user namespaces). Loopback only; about 2 minutes, plus a build if none exists. Not a test.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

import { projectRoot } from '../tests/helpers/sample'
import { startProductionServer } from '../tests/helpers/server'
import { publishSampleStory } from './sampleStory'

/** Runs per page and form factor; the median is reported. */
const RUNS = 3
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium'
/** The longest one Lighthouse run may take. */
const RUN_TIMEOUT_MS = 120_000
/**
 * Runtime errors Lighthouse itself says to retry ("Please run Lighthouse again"): a trace it failed to record,
 * seen now and then with headless Chromium. One retry each.
 */
const RETRIED_ERRORS = /NO_NAVSTART|NO_FCP|NO_TRACING_STARTED|NO_SPEEDLINE_FRAMES/u

type Category = (typeof CATEGORIES)[number]

/** The part of a Lighthouse JSON report (its `lhr`) read here. */
type Report = {
  audits: Record<
    string,
    { displayValue?: string; id: string; score: null | number; scoreDisplayMode: string; title: string }
  >
  categories: Record<Category, { score: null | number }>
  runtimeError?: { code: string; message: string }
}

const lighthouseCli = createRequire(import.meta.url).resolve('lighthouse/cli/index.js')

/**
 * One Lighthouse run through its CLI.
 *
 * @param url - the page.
 * @param isDesktop - the desktop preset; otherwise Lighthouse's mobile defaults.
 * @param isRetry - whether this is the one retry after a {@link RETRIED_ERRORS} failure.
 * @returns the report.
 * @throws when Lighthouse fails or reports a runtime error (an unreachable page, a Chrome that would not start).
 */
function runLighthouse(url: string, isDesktop: boolean, isRetry = false): Report {
  const result = spawnSync(
    process.execPath,
    [
      lighthouseCli,
      url,
      '--quiet',
      '--output=json',
      '--output-path=stdout',
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
      ...(isDesktop ? ['--preset=desktop'] : []),
    ],
    {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, CHROME_PATH },
      maxBuffer: 64 * 1024 * 1024,
      timeout: RUN_TIMEOUT_MS,
    },
  )
  if (!isRetry && RETRIED_ERRORS.test(`${result.stderr}${result.stdout.slice(0, 100_000)}`)) {
    process.stderr.write(`· ${url}: Lighthouse failed to record a trace; running it again\n`)
    return runLighthouse(url, isDesktop, true)
  }
  if (result.status !== 0) {
    throw new Error(`lighthouse ${url} exited ${result.status ?? result.signal}:\n${result.stderr.slice(-4000)}`)
  }
  const report = JSON.parse(result.stdout) as Report
  if (report.runtimeError) {
    throw new Error(`lighthouse ${url}: ${report.runtimeError.code} ${report.runtimeError.message}`)
  }
  return report
}

/** Median of a non-empty list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Scores of `RUNS` runs on one page and form factor.
 *
 * @returns the median score per category (0–100), the run whose performance score is the median (its audits
 *   explain the figure), and every run's scores.
 */
function score(
  url: string,
  isDesktop: boolean,
): { medians: Record<Category, number>; notes: string[]; runs: string[] } {
  const reports = Array.from({ length: RUNS }, () => runLighthouse(url, isDesktop))
  const scoreOf = (report: Report, category: Category) => Math.round((report.categories[category].score ?? 0) * 100)
  const medians = Object.fromEntries(
    CATEGORIES.map((category) => [category, median(reports.map((report) => scoreOf(report, category)))]),
  ) as Record<Category, number>
  const typical = reports.find((report) => scoreOf(report, 'performance') === medians.performance) ?? reports[0]
  const notes = Object.values(typical.audits)
    .filter(
      (audit) =>
        audit.score !== null &&
        audit.score < 0.9 &&
        ['binary', 'metricSavings', 'numeric'].includes(audit.scoreDisplayMode),
    )
    .map((audit) => `${audit.id} ${audit.score}${audit.displayValue ? ` (${audit.displayValue})` : ''}`)
  const runs = reports.map((report) => CATEGORIES.map((category) => scoreOf(report, category)).join('/'))
  return { medians, notes, runs }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-bench-lighthouse-'))
const { base, server } = await startProductionServer({
  DATABASE_URI: `file:${path.join(work, 'newsdesk.db')}`,
  MEDIA_DIR: path.join(work, 'media'),
})
try {
  const story = await publishSampleStory(base)
  const version = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('lighthouse/package.json'), 'utf8'))
    .version as string
  const lines = [
    '',
    `Lighthouse ${version}, ${CHROME_PATH}, median of ${RUNS} runs; production build, SQLite, the sample story`,
    '',
    `${'page'.padEnd(12)}${'form factor'.padEnd(13)}${CATEGORIES.map((category) => category.padStart(15)).join('')}   runs (perf/a11y/bp/seo)`,
  ]
  const notes: string[] = []
  for (const [label, pagePath] of [
    ['article', `/news/${story.slug}`],
    ['home', '/'],
  ] as const) {
    for (const isDesktop of [false, true]) {
      const formFactor = isDesktop ? 'desktop' : 'mobile'
      process.stderr.write(`· ${label} (${formFactor}): ${pagePath}\n`)
      const { medians, notes: found, runs } = score(`${base}${pagePath}`, isDesktop)
      lines.push(
        `${label.padEnd(12)}${formFactor.padEnd(13)}${CATEGORIES.map((category) => String(medians[category]).padStart(15)).join('')}   ${runs.join(', ')}`,
      )
      notes.push(...found.map((note) => `${label} (${formFactor}): ${note}`))
    }
  }
  lines.push('', `audits below 0.9 in the median run: ${notes.join('; ') || 'none'}`, '')
  process.stdout.write(lines.join('\n'))
} finally {
  server.process.kill('SIGTERM')
  await server.finished
  await rm(work, { force: true, recursive: true })
}

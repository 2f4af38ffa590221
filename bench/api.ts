/**
 * `npm run bench:api`: anonymous read throughput of the API, against two baselines, side by side in one run.
 *
 *   raw http   node:http writing the very bytes the product answers `GET /api/articles/:id` with;
 *   express    a bare Express 5 app answering that route with `res.json` of the same document;
 *   cache on   the production build (`node --import tsx/esm src/server.ts`, NODE_ENV=production) on a fresh
 *              SQLite file, with the sample article created through REST, the response cache on (the default);
 *   cache off  the same server and file with `API_CACHE=off`.
 *
 * Five reads on the product: an article by id, by slug at depth 1, the ten latest, and the article by slug over
 * GraphQL, by GET (cacheable) and by POST (never cached); and two pages of the reference site, the sample's article
 * page and the home page (HTML; the raw and Express baselines still send the JSON, so their ratio compares
 * requests, not bytes). Each is loaded by autocannon with 8 connections for 10 s after a 2 s warm-up; requests
 * carry no `Accept-Encoding`, so every answer is the identity body the baselines send. Where `taskset` exists and
 * there are two cores or more, servers run on core 0 and this process, the load generator, on core 1. Also measured: the cached server's resident memory after 10,000 and 100,000
 * requests.
 *
 * Prints, per variant, requests per second, p50 and p99 latency in ms, the ratio to raw http, the CPU each side
 * used, and the non-2xx answers and connection errors. Not a test: it fails only if a run cannot be made.
 * Traffic is loopback only (127.0.0.1); about 5 minutes in all on a 2-core machine, plus a build if none exists.
 */
import type { Result } from 'autocannon'

import autocannon from 'autocannon'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'

import { freePort, type Started, waitForOk } from '../tests/helpers/process'
import { projectRoot } from '../tests/helpers/sample'
import { ensureBuild } from '../tests/helpers/server'
import { publishSampleStory } from './sampleStory'

const CONNECTIONS = 8
/** Seconds of each measured run: the first argument (`npm run bench:api -- 5`), else 10. */
const DURATION_SECONDS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 10
const WARMUP_SECONDS = 2
/** Requests after which the cached server's resident memory is read. */
const RSS_CHECKPOINTS = [10_000, 100_000]
const SERVER_CORE = '0'
const LOAD_CORE = '1'
/** The whole run is stopped after this long: every load is bounded, this bounds the start-ups too. */
const WATCHDOG_MS = 12 * 60_000
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef'
/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on Linux everywhere in practice). */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** One read as autocannon sends it. */
type Read = { body?: string; headers?: Record<string, string>; label: string; method: 'GET' | 'POST'; path: string }

/** A measured variant: autocannon's result, the CPU each side used, what a probe of the read saw. */
type Row = {
  clientCpu: number
  isHit: boolean | undefined
  label: string
  otherCpu: number
  result: Result
  serverCpu: number
  warmupProblems: number
}

/** A server this run started: its base URL, process id, its log, and how to stop it. */
type Server = { base: string; child: ChildProcess; logFile: string; stop: () => Promise<void> }

const watchdog = setTimeout(() => {
  process.stderr.write(`bench:api: still running after ${WATCHDOG_MS / 60_000} min; stopping\n`)
  for (const child of children) {
    child.kill('SIGKILL')
  }
  process.exit(1)
}, WATCHDOG_MS)
watchdog.unref()
const children = new Set<ChildProcess>()

/** Progress goes to stderr; the figures to stdout. */
function progress(message: string): void {
  process.stderr.write(`· ${message}\n`)
}

/**
 * Pins this process (every thread) to the load generator's core, and says where servers go.
 *
 * @returns the command prefix that starts a server on the server's core (empty when not pinning), and a sentence
 *   for the output naming the cores.
 */
function pinCores(): { note: string; prefix: string[] } {
  const cores = os.availableParallelism()
  const hasTaskset = spawnSync('taskset', ['--version']).status === 0
  if (!hasTaskset || cores < 2) {
    return {
      note: `not pinned (${hasTaskset ? `${cores} core` : 'no taskset'}): servers and load share the cores`,
      prefix: [],
    }
  }
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(process.pid)])
  if (pinned.status !== 0) {
    return { note: `not pinned (taskset failed: ${String(pinned.stderr).trim()})`, prefix: [] }
  }
  return {
    note: `servers on core ${SERVER_CORE}, load generator (autocannon in this process) on core ${LOAD_CORE}, of ${cores}`,
    prefix: ['taskset', '-c', SERVER_CORE],
  }
}

/**
 * Spawns a process with its output going to a file (a server logs every request: kept in memory here, the log of a
 * run would take hundreds of MB).
 */
function spawnLogged({
  args,
  env,
  logFile,
  prefix,
}: {
  args: string[]
  env: Record<string, string>
  logFile: string
  prefix: string[]
}): ChildProcess {
  const fd = openSync(logFile, 'w')
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const name of ['NODE_ENV', 'NODE_OPTIONS']) {
    Reflect.deleteProperty(childEnv, name)
  }
  const [command, ...rest] = [...prefix, process.execPath, ...args]
  const child = spawn(command, rest, {
    cwd: projectRoot,
    env: { ...childEnv, ...env },
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** The last `bytes` of a file, for error messages; read from its end (a run's log grows past 500 MB). */
function tail(file: string, bytes = 4000): string {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const buffer = Buffer.alloc(Math.min(bytes, size))
    readSync(fd, buffer, 0, buffer.length, size - buffer.length)
    return buffer.toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** Sends SIGTERM and waits for the exit (the server drains), then SIGKILL after `timeoutMs`. */
async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return
  }
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  await exited
  clearTimeout(timer)
}

/**
 * Starts the production server the way `npm start` does, without npm in between, and waits for /healthz.
 *
 * @param args.isCached - whether the response cache is on (`API_CACHE`).
 * @param args.work - the run's scratch folder: the database, media and log go there.
 */
async function startProduct({
  isCached,
  prefix,
  work,
}: {
  isCached: boolean
  prefix: string[]
  work: string
}): Promise<Server> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const logFile = path.join(work, `server-cache-${isCached ? 'on' : 'off'}.log`)
  const child = spawnLogged({
    args: ['--import', 'tsx/esm', 'src/server.ts'],
    env: {
      API_CACHE: isCached ? 'on' : 'off',
      DATABASE_URI: `file:${path.join(work, 'newsdesk.db')}`,
      HOST: '127.0.0.1',
      MEDIA_DIR: path.join(work, 'media'),
      NODE_ENV: 'production',
      NODE_OPTIONS: '--conditions=production',
      PAYLOAD_SECRET: SECRET,
      PORT: String(port),
      // The benchmark's one client would be throttled at the default 600 a minute.
      RATE_LIMIT_API_PER_MINUTE: '100000000',
      SERVER_URL: base,
    },
    logFile,
    prefix,
  })
  await waitForOk(`${base}/healthz`, asStarted(child, logFile), 120_000)
  return { base, child, logFile, stop: () => stopChild(child) }
}

/** What tests/helpers/process.ts's waitForOk needs of a child: its end and its output so far. */
function asStarted(child: ChildProcess, logFile: string): Started {
  const finished = new Promise<{ code: null | number; output: string; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, output: tail(logFile), signal }))
  })
  return { finished, output: () => tail(logFile), process: child }
}

/**
 * Starts a baseline server (bench/baselineServer.ts) answering with `bodyFile`, and waits for its port.
 *
 * @param mode - `raw` (node:http, the bytes as they are) or `express` (Express 5, `res.json`).
 */
async function startBaseline({
  bodyFile,
  mode,
  prefix,
  work,
}: {
  bodyFile: string
  mode: 'express' | 'raw'
  prefix: string[]
  work: string
}): Promise<Server> {
  const logFile = path.join(work, `baseline-${mode}.log`)
  const child = spawnLogged({
    args: ['--import', 'tsx/esm', path.join(projectRoot, 'bench/baselineServer.ts'), mode, bodyFile],
    env: {},
    logFile,
    prefix,
  })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const line = /\{"port":(\d+)\}/u.exec(readFileSync(logFile, 'utf8'))
    if (line) {
      return { base: `http://127.0.0.1:${line[1]}`, child, logFile, stop: () => stopChild(child) }
    }
    if (child.exitCode !== null) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${mode} baseline did not start:\n${tail(logFile)}`)
}

/**
 * One HTTP exchange with node:http, as autocannon makes them (no `Accept-Encoding`, so the identity body).
 *
 * @returns the status, headers and body bytes.
 */
function exchange(
  base: string,
  read: Pick<Read, 'body' | 'headers' | 'method' | 'path'>,
): Promise<{ body: Buffer; headers: IncomingHttpHeaders; status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${read.path}`, { headers: read.headers, method: read.method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: res.headers, status: res.statusCode ?? 0 }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${read.path} within 30 s`)))
    req.end(read.body)
  })
}

/** The five API reads and the two site pages, for the article `id` with `slug`. */
function readsFor({ id, slug }: { id: number | string; slug: string }): Read[] {
  const query = `{ Articles(where: { slug: { equals: ${JSON.stringify(slug)} } }) { docs { id title readingTime authors { name slug } } } }`
  return [
    { label: 'GET /api/articles/:id', method: 'GET', path: `/api/articles/${id}` },
    {
      label: 'GET /api/articles?where[slug]…&depth=1',
      method: 'GET',
      path: `/api/articles?where[slug][equals]=${encodeURIComponent(slug)}&depth=1`,
    },
    {
      label: 'GET /api/articles?limit=10&sort=-publishedAt',
      method: 'GET',
      path: '/api/articles?limit=10&sort=-publishedAt',
    },
    { label: 'GraphQL by slug, GET', method: 'GET', path: `/api/graphql?query=${encodeURIComponent(query)}` },
    {
      body: JSON.stringify({ query }),
      headers: { 'Content-Type': 'application/json' },
      label: 'GraphQL by slug, POST',
      method: 'POST',
      path: '/api/graphql',
    },
    { label: 'site: article page /news/:slug', method: 'GET', path: `/news/${slug}` },
    { label: 'site: home page /', method: 'GET', path: '/' },
  ]
}

/** User plus system CPU time of a process so far, in seconds (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces; the fields after it are counted from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return Number.NaN
  }
}

/** CPU time every process on the machine has used so far, in seconds (the `cpu` line of /proc/stat, idle and iowait aside). */
function machineCpuSeconds(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/u)
      .slice(1)
      .map(Number)
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS
  } catch {
    return Number.NaN
  }
}

/** Resident memory of a process in MiB (VmRSS of /proc/<pid>/status); NaN where there is no /proc. */
function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)\s+kB/u.exec(status)?.[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/**
 * Loads one read: a warm-up, then the measured run, with the CPU each side used during the measured run.
 *
 * @param args.isProduct - whether to report a cache hit: `Age` on the second of two answers (the first may be a miss).
 * @returns the row for the table.
 * @throws when the probe's answer is not 200: a benchmark of error pages would measure nothing.
 */
async function measure({
  isProduct,
  label,
  read,
  server,
}: {
  isProduct: boolean
  label: string
  read: Read
  server: Server
}): Promise<Row> {
  progress(`${label}: ${read.method} ${read.path.slice(0, 100)}`)
  await exchange(server.base, read)
  const probe = await exchange(server.base, read)
  if (probe.status !== 200) {
    throw new Error(`${label}: ${probe.status} ${probe.body.toString('utf8').slice(0, 500)}`)
  }
  const options = {
    body: read.body,
    connections: CONNECTIONS,
    headers: read.headers,
    method: read.method,
    url: `${server.base}${read.path}`,
  }
  const warmup = await autocannon({ ...options, duration: WARMUP_SECONDS })
  const serverBefore = cpuSeconds(server.child.pid)
  const clientBefore = process.cpuUsage()
  const machineBefore = machineCpuSeconds()
  const result = await autocannon({ ...options, duration: DURATION_SECONDS })
  const client = process.cpuUsage(clientBefore)
  const serverCpu = (cpuSeconds(server.child.pid) - serverBefore) / result.duration
  const clientCpu = (client.user + client.system) / 1e6 / result.duration
  return {
    clientCpu,
    isHit: isProduct ? probe.headers.age !== undefined : undefined,
    label,
    // Whatever else ran meanwhile (other processes, the kernel's share not charged to these two).
    otherCpu: (machineCpuSeconds() - machineBefore) / result.duration - serverCpu - clientCpu,
    result,
    serverCpu,
    warmupProblems: warmup.non2xx + warmup.errors,
  }
}

/**
 * Reads the cached server's resident memory after each checkpoint of requests, the cacheable reads (every GET) in turn
 * (autocannon cycles each connection through them).
 *
 * @returns `[requests, MiB]` pairs, the first before any load, and the non-2xx answers and errors seen.
 */
async function measureMemory(
  server: Server,
  reads: Read[],
): Promise<{ problems: Array<[string, number]>; samples: Array<[number, number]> }> {
  const samples: Array<[number, number]> = [[0, rssMiB(server.child.pid)]]
  const problems: Array<[string, number]> = []
  let sent = 0
  for (const checkpoint of RSS_CHECKPOINTS) {
    progress(`memory: ${checkpoint.toLocaleString('en')} requests`)
    const result = await autocannon({
      amount: checkpoint - sent,
      connections: CONNECTIONS,
      requests: reads.filter((read) => read.method === 'GET').map(({ method, path }) => ({ method, path })),
      url: server.base,
    })
    sent = checkpoint
    samples.push([checkpoint, rssMiB(server.child.pid)])
    problems.push([`memory, to ${checkpoint.toLocaleString('en')}`, result.non2xx + result.errors])
  }
  return { problems, samples }
}

/** Lines of a pino log at warn (40) or above: 4xx and 5xx answers, errors. */
function countLogProblems(logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0
    const input = createReadStream(logFile)
    input.once('error', reject)
    createInterface({ crlfDelay: Infinity, input })
      .on('line', (line) => {
        const level = /"level":(\d+)/u.exec(line)?.[1]
        if (level && Number(level) >= 40) {
          count += 1
        }
      })
      .once('close', () => resolve(count))
  })
}

/** Formats a number with thousands separators and `digits` decimals. */
function figure(value: number, digits = 0): string {
  return Number.isFinite(value)
    ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a'
}

/** The table: one line per variant, in the order measured. */
function table(rows: Row[], rawRate: number): string {
  const header = [
    'variant'.padEnd(56),
    'req/s'.padStart(8),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    '÷ raw'.padStart(7),
    'server CPU'.padStart(10),
    'client CPU'.padStart(10),
    'other CPU'.padStart(9),
    'non-2xx'.padStart(7),
    'errors'.padStart(6),
    'cache'.padStart(5),
  ].join('  ')
  const lines = rows.map((row) =>
    [
      row.label.padEnd(56),
      figure(row.result.requests.average).padStart(8),
      figure(row.result.latency.p50).padStart(7),
      figure(row.result.latency.p99).padStart(7),
      `${(row.result.requests.average / rawRate).toFixed(3)}×`.padStart(7),
      `${figure(row.serverCpu * 100)} %`.padStart(10),
      `${figure(row.clientCpu * 100)} %`.padStart(10),
      `${figure(row.otherCpu * 100)} %`.padStart(9),
      figure(row.result.non2xx).padStart(7),
      figure(row.result.errors).padStart(6),
      (row.isHit === undefined ? '—' : row.isHit ? 'hit' : 'miss').padStart(5),
    ].join('  '),
  )
  return [header, '-'.repeat(header.length), ...lines].join('\n')
}

/** What went wrong, if anything: status codes of runs with non-2xx answers, errors, warm-up problems. */
function problemsOf(rows: Row[]): string[] {
  const notes: string[] = []
  for (const row of rows) {
    const { errors, non2xx, statusCodeStats, timeouts } = row.result
    if (non2xx > 0 || errors > 0) {
      const codes = Object.entries(statusCodeStats)
        .map(([code, { count }]) => `${code}: ${count}`)
        .join(', ')
      notes.push(`${row.label}: ${non2xx} non-2xx, ${errors} errors (${timeouts} timeouts); status codes ${codes}`)
    }
    if (row.warmupProblems > 0) {
      notes.push(`${row.label}: ${row.warmupProblems} non-2xx answers or errors during the warm-up`)
    }
  }
  return notes
}

await ensureBuild()
const { note: coresNote, prefix } = pinCores()
const work = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-bench-api-'))
const servers: Server[] = []
try {
  const rows: Row[] = []
  const logNotes: string[] = []

  progress('production server, cache on: start and seed')
  const cached = await startProduct({ isCached: true, prefix, work })
  servers.push(cached)
  const article = await publishSampleStory(cached.base)
  const reads = readsFor(article)
  const answer = await exchange(cached.base, reads[0])
  const bodyFile = path.join(work, 'article.json')
  writeFileSync(bodyFile, answer.body)
  const memory = await measureMemory(cached, reads)
  for (const read of reads) {
    rows.push(await measure({ isProduct: true, label: `cache on   ${read.label}`, read, server: cached }))
  }
  await cached.stop()
  logNotes.push(`cache on: ${figure(await countLogProblems(cached.logFile))} server log lines at warn or above`)

  progress('production server, cache off')
  const uncached = await startProduct({ isCached: false, prefix, work })
  servers.push(uncached)
  for (const read of reads) {
    rows.push(await measure({ isProduct: true, label: `cache off  ${read.label}`, read, server: uncached }))
  }
  await uncached.stop()
  logNotes.push(`cache off: ${figure(await countLogProblems(uncached.logFile))} server log lines at warn or above`)

  const baselines: Row[] = []
  for (const [mode, label] of [
    ['raw', 'raw node:http, same bytes'],
    ['express', 'Express 5, res.json of the same document'],
  ] as const) {
    const baseline = await startBaseline({ bodyFile, mode, prefix, work })
    servers.push(baseline)
    baselines.push(await measure({ isProduct: false, label, read: reads[0], server: baseline }))
    await baseline.stop()
  }
  const all = [...baselines, ...rows]
  const rawRate = baselines[0].result.requests.average

  const [, before] = memory.samples[0]
  const [[firstCount, first], [lastCount, last]] = memory.samples.slice(1)
  process.stdout.write(
    [
      '',
      `API reads: ${CONNECTIONS} connections, ${DURATION_SECONDS} s per variant after a ${WARMUP_SECONDS} s warm-up, 127.0.0.1, no Accept-Encoding`,
      `cores: ${coresNote}`,
      `article ${article.id} by id: ${figure(answer.body.length)} bytes of JSON (the baselines send the same)`,
      `CPU: seconds of CPU per second of the measured run (100 % = one core); other: the rest of the machine meanwhile; cache: whether a probe's second answer had Age`,
      '',
      table(all, rawRate),
      '',
      `resident memory (VmRSS) of the cached server, every GET in turn: ${figure(before)} MiB after seeding, ` +
        `${figure(first)} MiB after ${figure(firstCount)} requests, ${figure(last)} MiB after ${figure(lastCount)}; ` +
        `${figure(lastCount)} ÷ ${figure(firstCount)}: ${(last / first).toFixed(2)}×`,
      `problems: ${[...problemsOf(all), ...memory.problems.filter(([, count]) => count > 0).map(([name, count]) => `${name}: ${count} non-2xx or errors`)].join('; ') || 'no non-2xx answer and no error in any run'}`,
      `server logs: ${logNotes.join('; ')}`,
      '',
    ].join('\n'),
  )
} finally {
  for (const server of servers) {
    await server.stop()
  }
  await rm(work, { force: true, recursive: true })
}

/**
 * `npm run bench:api`: anonymous read throughput of the API, against two baselines, side by side in one run.
 *
 *   raw http   node:http writing the very bytes the product answers `GET /api/articles/:id` with;
 *   express    a bare Express 5 app answering that route with `res.json` of the same document;
 *   cache on   the production build (`node --import tsx/esm src/server.ts`, NODE_ENV=production) on a fresh
 *              SQLite file, with the sample article created through REST, the response cache on (the default);
 *   cache off  the same server and file with `API_CACHE=off`.
 *
 * Six reads on the product: an article by id, by slug at depth 1, the ten latest, by slug with only the fields
 * the GraphQL read asks for, and the article by slug over GraphQL, by GET (cacheable) and by POST (never cached);
 * and two pages of the reference site, the sample's article page and the home page (HTML; the raw and Express
 * baselines still send the JSON, so their ratio compares requests, not bytes). All four servers run at once, on
 * one SQLite file. For each read, the raw server, the cached and the uncached product (and bare Express, beside
 * the read it serves) are loaded by autocannon with 8 connections in turn, 2 s each, for 5 rounds (10 s each in
 * all) after a 2 s warm-up each: a machine whose speed drifts slows every variant of a read alike, and each ratio
 * is to the raw server's rate in the same rounds. Last, the uncached REST and GraphQL reads of the same fields
 * take turns in rounds of their own, for the ratio of their times.
 * Requests carry no `Accept-Encoding`, so every answer is the identity body the baselines send. Where `taskset`
 * exists and there are two cores or more, servers run on core 0 and this process, the load generator, on core 1.
 * Also measured first: the cached server's resident memory after 10,000 and 100,000 requests.
 *
 * Prints, per variant, requests per second, p50 and p99 latency in ms, the ratio to raw http, the CPU each side
 * used, and the non-2xx answers and connection errors. Not a test: it fails only if a run cannot be made.
 * Traffic is loopback only (127.0.0.1); about 7 minutes in all on a 2-core machine, plus a build if none exists.
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
/** Measured seconds per variant and read: the first argument (`npm run bench:api -- 6`), else 10. */
const DURATION_SECONDS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 10
/**
 * Seconds of one slice. The variants of a read are loaded in turn, a slice each, round after round, so a machine
 * whose speed drifts (a shared VM's does, by 2× within minutes) slows every variant alike and the ratios hold.
 */
const SLICE_SECONDS = 2
const ROUNDS = Math.max(1, Math.round(DURATION_SECONDS / SLICE_SECONDS))
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

/**
 * A variant's slices of one read taken together: requests per second over all of them, the median of their p50
 * and p99 latencies (ms), and the sums of their problems.
 */
type Measured = {
  latency: { p50: number; p99: number }
  requests: { average: number }
} & Pick<Result, 'errors' | 'non2xx' | 'statusCodeStats' | 'timeouts'>

/**
 * A measured variant: its slices taken together, the CPU each side used, what a probe of the read saw, and the
 * raw server's rate in the same rounds (the ratio's denominator; undefined for the raw server itself).
 */
type Row = {
  clientCpu: number
  isHit: boolean | undefined
  label: string
  otherCpu: number
  pairedRawRate: number | undefined
  result: Measured
  serverCpu: number
  warmupProblems: number
}

/**
 * A server loaded in a round, with the label of its row, whether it is the product (which has a cache), and the
 * read it gets when not the round's own (the baselines answer the article by id only).
 */
type Variant = { isProduct: boolean; label: string; read?: Read; server: Server }

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

/** REST's `select` and `populate` for the fields the GraphQL read asks for (Payload adds `id` itself). */
const SAME_FIELDS = [
  'select[title]=true',
  'select[readingTime]=true',
  'select[authors]=true',
  'populate[authors][name]=true',
  'populate[authors][slug]=true',
].join('&')

/** The labels of the two reads that ask for the same fields, also compared in rounds of their own. */
const REST_SAME_FIELDS = 'REST by slug, the GraphQL read’s fields'
const GRAPHQL_GET = 'GraphQL by slug, GET'

/** The six API reads and the two site pages, for the article `id` with `slug`. */
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
    {
      label: REST_SAME_FIELDS,
      method: 'GET',
      path: `/api/articles?where[slug][equals]=${encodeURIComponent(slug)}&depth=1&${SAME_FIELDS}`,
    },
    { label: GRAPHQL_GET, method: 'GET', path: `/api/graphql?query=${encodeURIComponent(query)}` },
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

/** The median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** What {@link combine} takes together: a slice's autocannon result, or a combination of slices. */
type Part = Omit<Measured, 'requests'>

/**
 * Several measurements as one (see {@link Measured}): the medians of their p50 and p99, the sums of their problems.
 *
 * @param parts - autocannon results of slices, or combinations of them.
 * @param rate - the combined requests per second, which only the caller can weigh.
 */
function combine(parts: Part[], rate: number): Measured {
  const sum = (pick: (part: Part) => number) => parts.reduce((total, part) => total + pick(part), 0)
  const statusCodeStats: Result['statusCodeStats'] = {}
  for (const part of parts) {
    for (const [code, { count }] of Object.entries(part.statusCodeStats)) {
      statusCodeStats[code] = { count: (statusCodeStats[code]?.count ?? 0) + count }
    }
  }
  return {
    errors: sum((part) => part.errors),
    latency: {
      p50: median(parts.map((part) => part.latency.p50)),
      p99: median(parts.map((part) => part.latency.p99)),
    },
    non2xx: sum((part) => part.non2xx),
    requests: { average: rate },
    statusCodeStats,
    timeouts: sum((part) => part.timeouts),
  }
}

/** The raw server's rows of every read as one: means of the rates and CPU, medians of the latencies, sums of the problems. */
function combineRows(rows: Row[]): Row {
  const mean = (pick: (row: Row) => number) => rows.reduce((total, row) => total + pick(row), 0) / rows.length
  return {
    clientCpu: mean((row) => row.clientCpu),
    isHit: undefined,
    label: rows[0].label,
    otherCpu: mean((row) => row.otherCpu),
    pairedRawRate: undefined,
    result: combine(
      rows.map((row) => row.result),
      mean((row) => row.result.requests.average),
    ),
    serverCpu: mean((row) => row.serverCpu),
    warmupProblems: rows.reduce((total, row) => total + row.warmupProblems, 0),
  }
}

/**
 * Loads one read on several servers side by side: a probe and a warm-up each, then {@link ROUNDS} rounds in which
 * each server gets a slice of {@link SLICE_SECONDS}, in turn (the order reversed every other round), with the CPU
 * each side used during its slices.
 *
 * @param args.variants - the servers; the first is the raw baseline, whose rate is each row's ratio denominator.
 * @returns a row per variant, in the order given.
 * @throws when a probe's answer is not 200: a benchmark of error pages would measure nothing.
 */
async function measureSideBySide({ read, variants }: { read: Read; variants: Variant[] }): Promise<Row[]> {
  const probes: Array<Awaited<ReturnType<typeof exchange>>> = []
  for (const { label, read: own = read, server } of variants) {
    progress(`${label}: ${own.method} ${own.path.slice(0, 100)}`)
    await exchange(server.base, own)
    const probe = await exchange(server.base, own)
    if (probe.status !== 200) {
      throw new Error(`${label}: ${probe.status} ${probe.body.toString('utf8').slice(0, 500)}`)
    }
    probes.push(probe)
  }
  const optionsFor = ({ read: own = read, server }: Variant) => ({
    body: own.body,
    connections: CONNECTIONS,
    headers: own.headers,
    method: own.method,
    url: `${server.base}${own.path}`,
  })
  const warmups: Result[] = []
  for (const variant of variants) {
    warmups.push(await autocannon({ ...optionsFor(variant), duration: WARMUP_SECONDS }))
  }
  const slices: Result[][] = variants.map(() => [])
  const cpu = variants.map(() => ({ client: 0, other: 0, server: 0 }))
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = variants.map((_, index) => index)
    for (const index of round % 2 ? order.reverse() : order) {
      const { server } = variants[index]
      const serverBefore = cpuSeconds(server.child.pid)
      const clientBefore = process.cpuUsage()
      const machineBefore = machineCpuSeconds()
      slices[index].push(await autocannon({ ...optionsFor(variants[index]), duration: SLICE_SECONDS }))
      const client = process.cpuUsage(clientBefore)
      const serverSeconds = cpuSeconds(server.child.pid) - serverBefore
      const clientSeconds = (client.user + client.system) / 1e6
      cpu[index].server += serverSeconds
      cpu[index].client += clientSeconds
      // Whatever else ran meanwhile (other processes, the kernel's share not charged to these two).
      cpu[index].other += machineCpuSeconds() - machineBefore - serverSeconds - clientSeconds
    }
  }
  const seconds = slices.map((list) => list.reduce((total, slice) => total + slice.duration, 0))
  const results = slices.map((list, index) =>
    combine(list, list.reduce((total, slice) => total + slice.requests.total, 0) / seconds[index]),
  )
  return variants.map(({ isProduct, label }, index) => {
    return {
      clientCpu: cpu[index].client / seconds[index],
      isHit: isProduct ? probes[index].headers.age !== undefined : undefined,
      label,
      otherCpu: cpu[index].other / seconds[index],
      pairedRawRate: index === 0 ? undefined : results[0].requests.average,
      result: results[index],
      serverCpu: cpu[index].server / seconds[index],
      warmupProblems: warmups[index].non2xx + warmups[index].errors,
    }
  })
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

/** The table: one line per variant; each ratio is to the raw server's rate in the same rounds. */
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
      `${(row.result.requests.average / (row.pairedRawRate ?? rawRate)).toFixed(3)}×`.padStart(7),
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

  progress('production server, cache off, and the baselines: start')
  const uncached = await startProduct({ isCached: false, prefix, work })
  servers.push(uncached)
  const raw = await startBaseline({ bodyFile, mode: 'raw', prefix, work })
  servers.push(raw)
  const bare = await startBaseline({ bodyFile, mode: 'express', prefix, work })
  servers.push(bare)
  const rawVariant: Variant = { isProduct: false, label: 'raw node:http, same bytes', read: reads[0], server: raw }
  const expressVariant: Variant = {
    isProduct: false,
    label: 'Express 5, res.json of the same document',
    read: reads[0],
    server: bare,
  }
  // Per read: its own rounds, with the raw server in each (and bare Express beside the read it serves).
  const rawRows: Row[] = []
  for (const [index, read] of reads.entries()) {
    const [rawRow, ...others] = await measureSideBySide({
      read,
      variants: [
        rawVariant,
        ...(index === 0 ? [expressVariant] : []),
        { isProduct: true, label: `cache on   ${read.label}`, server: cached },
        { isProduct: true, label: `cache off  ${read.label}`, server: uncached },
      ],
    })
    rawRows.push(rawRow)
    rows.push(...others)
  }
  // GraphQL against REST for the same fields, uncached, in one set of rounds: taken in separate ones, the machine's
  // drift between them weighs as much as the difference measured.
  progress('GraphQL and REST for the same fields, uncached, in turn')
  const [sameRest, sameGraphql] = [REST_SAME_FIELDS, GRAPHQL_GET].map(
    (name) => reads.find(({ label }) => label === name)!,
  )
  const [, restRow, graphqlRow] = await measureSideBySide({
    read: sameRest,
    variants: [
      rawVariant,
      { isProduct: true, label: sameRest.label, read: sameRest, server: uncached },
      { isProduct: true, label: sameGraphql.label, read: sameGraphql, server: uncached },
    ],
  })
  const graphqlTime = restRow.result.requests.average / graphqlRow.result.requests.average
  for (const server of servers) {
    await server.stop()
  }
  logNotes.push(
    `cache on: ${figure(await countLogProblems(cached.logFile))} server log lines at warn or above`,
    `cache off: ${figure(await countLogProblems(uncached.logFile))} server log lines at warn or above`,
  )
  const rawSummary = combineRows(rawRows)
  const rawRate = rawSummary.result.requests.average
  const order = (label: string) => (label.startsWith('Express') ? 0 : label.startsWith('cache on') ? 1 : 2)
  const all = [rawSummary, ...[...rows].sort((a, b) => order(a.label) - order(b.label))]

  const [, before] = memory.samples[0]
  const [[firstCount, first], [lastCount, last]] = memory.samples.slice(1)
  process.stdout.write(
    [
      '',
      `API reads: ${CONNECTIONS} connections, ${figure(ROUNDS * SLICE_SECONDS)} s per variant and read after a ${WARMUP_SECONDS} s warm-up, in ${ROUNDS} slices of ${SLICE_SECONDS} s taken in turn with the raw server's (p50 and p99: medians of the slices), 127.0.0.1, no Accept-Encoding`,
      `cores: ${coresNote}`,
      `article ${article.id} by id: ${figure(answer.body.length)} bytes of JSON (the baselines send the same)`,
      `÷ raw: to the raw server's rate in the same rounds (its own row: the mean over every read's rounds)`,
      `CPU: seconds of CPU per second of the measured slices (100 % = one core); other: the rest of the machine meanwhile; cache: whether a probe's second answer had Age`,
      '',
      table(all, rawRate),
      '',
      `GraphQL ÷ REST, the same fields, cache off, in the same rounds: REST ${figure(restRow.result.requests.average)} req/s, ` +
        `GraphQL over GET ${figure(graphqlRow.result.requests.average)} req/s; GraphQL takes ${graphqlTime.toFixed(2)}× REST's time`,
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

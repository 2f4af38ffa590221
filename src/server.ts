/**
 * The HTTP server's entry: reads the settings, prepares Next.js, starts the job queue, listens, and drains on
 * SIGTERM or SIGINT. The app itself (middleware, health checks) is built by createApp (src/app.ts).
 *
 *   npm run dev               development (Next compiles on demand, the schema is pushed to the database)
 *   npm run build && npm start   production (committed migrations are applied at start-up)
 *
 * Settings: the README's Configuration table (parsed by src/settings).
 * While it runs, its Payload instances hold a SQLite database file (src/database.ts, src/databaseLock.ts), so
 * `npm run restore` refuses to replace it under the server.
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Payload, SanitizedConfig } from 'payload'

import nextEnv from '@next/env'
import closeWithGrace from 'close-with-grace'
import next from 'next'
import { createServer } from 'node:http'
import { getPayload } from 'payload'
import { pino } from 'pino'
import pinoPretty from 'pino-pretty'

import { serverOrigin } from '../utilities/publicUrls'
import { createApp, createRequestListener } from './app'
import { subscribeToContent, subscribeToTransactionEnds } from './contentEvents'
import { watchContent } from './contentWatch'
import { assertUsableInProduction, createDatabaseProbe } from './database'
import { createResponseCache } from './http/responseCache'
import { restReads } from './http/restReads'
import { loadSettings, SettingsError } from './settings'

const isProduction = process.env.NODE_ENV === 'production'
// The .env files must be in process.env before the settings are read.
nextEnv.loadEnvConfig(process.cwd(), !isProduction)

// JSON lines in production (for log shippers), readable lines in development.
const logger = isProduction
  ? pino({ name: 'newsdesk' })
  : pino({ name: 'newsdesk' }, pinoPretty({ ignore: 'pid,hostname', sync: true, translateTime: 'SYS:HH:MM:ss' }))

/** The Payload instances Next's route handlers created in this process (Payload caches them on globalThis). */
type PayloadCache = Map<string, { payload: { destroy: () => Promise<void> } | null }>

async function closePayload(): Promise<void> {
  const cache = (globalThis as { _payload?: PayloadCache })._payload
  for (const entry of cache?.values() ?? []) {
    await entry.payload?.destroy()
  }
}

/**
 * This process's own Payload instance (besides the one Next's routes start): the job runner's, which also answers
 * the REST reads in production.
 */
const SERVER_PAYLOAD_KEY = 'newsdesk-server'

/** The Payload config as `buildConfig` returns it. */
type PayloadConfig = Promise<SanitizedConfig> | SanitizedConfig

/** Delay before retrying to start the job runner when the database is down at boot. */
const JOBS_RETRY_MS = 30_000
/** After the drain timeout, how long closing Payload, the probe and Next may take before the process gives up. */
const LAST_RESORT_MS = 5_000

/**
 * Starts the job queue (scheduled publish and unpublish) in this process, on a Payload instance of its own: the
 * admin panel's instance would otherwise start it only once someone opens the panel. A database that is down at
 * boot does not stop the server (/readyz says 503 meanwhile); the runner retries every 30 s.
 * Resolves once the runner is up or its first attempt failed; `onReady` gets its instance. `config`: this process's
 * Payload config, the one the REST reads use too.
 */
async function startJobsRunner(config: PayloadConfig, onReady: (payload: Payload) => void): Promise<void> {
  try {
    onReady(await getPayload({ config, cron: true, key: SERVER_PAYLOAD_KEY }))
  } catch (error) {
    logger.error({ err: error, msg: `job queue runner could not start; retrying in ${JOBS_RETRY_MS / 1000} s` })
    setTimeout(() => void startJobsRunner(config, onReady), JOBS_RETRY_MS).unref()
  }
}

/**
 * Tracks the server's sockets so a shutdown can end the idle ones at once. Upgraded sockets (in development Payload
 * keeps a websocket to Next's HMR endpoint on this very server) are invisible to closeIdleConnections() and
 * closeAllConnections(), so the drain destroys every socket that is not serving a request itself.
 *
 * @returns `closeIdle()` for the start of a drain and `closeAll()` for its timeout.
 */
function trackSockets(server: Server): { closeAll: () => void; closeIdle: () => void } {
  const sockets = new Set<Socket>()
  const busy = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('request', (req, res) => {
    busy.add(req.socket)
    res.once('close', () => busy.delete(req.socket))
  })
  return {
    closeAll: () => {
      server.closeAllConnections()
      for (const socket of sockets) {
        socket.destroy()
      }
    },
    closeIdle: () => {
      server.closeIdleConnections()
      for (const socket of sockets) {
        if (!busy.has(socket)) {
          socket.destroy()
        }
      }
    },
  }
}

async function main(): Promise<void> {
  // Configuration mistakes stop the process here, with a message, before anything is served.
  const settings = loadSettings({ role: 'server' })
  logger.level = settings.logLevel
  const { host, port, shutdownTimeoutMs } = settings.http
  if (settings.isProduction) {
    await assertUsableInProduction(settings.database)
  }

  const nextApp = next({ dev: !settings.isProduction, dir: process.cwd(), hostname: host, port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  const probe = createDatabaseProbe(settings.database)
  const cache = createResponseCache({ corsOrigins: settings.corsOrigins, settings: settings.cache })
  // Every content change drops the cache before the write's response goes out; the end of its transaction again.
  subscribeToContent(() => cache.invalidate())
  subscribeToTransactionEnds(() => cache.transactionEnded())
  // In production the REST reads skip Next's router (src/http/restReads.ts); in development they stay with Next,
  // which reloads the config when it changes.
  // This process's copy of the config (Next's routes have their own, from its build).
  const { default: config } = await import('./payload.config')
  const apiReads = settings.isProduction
    ? restReads({
        config,
        origin: serverOrigin(settings),
        payloadKey: SERVER_PAYLOAD_KEY,
      })
    : undefined
  const app = createApp({
    apiReads,
    cache,
    handle,
    http: settings.http,
    isProduction: settings.isProduction,
    logger,
    probe,
    sitePaths: settings.site.paths,
  })

  // Before listening: the runner's Payload instance applies migrations and builds indexes once, so the
  // instance Next starts on the first request finds them done instead of racing it. Its instance also watches for
  // changes other processes make (other app instances, an import), within CACHE_SYNC_MS.
  await startJobsRunner(config, (payload) => {
    watchContent({
      intervalMs: settings.cache.syncMs,
      onChange: () => {
        cache.invalidate()
        cache.transactionEnded()
      },
      payload,
    })
  })

  const server: Server = createServer(createRequestListener({ app, cache, logger })).listen(port, host, () => {
    const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
    logger.info({
      msg: `Newsdesk is up: admin ${base}/admin · REST ${base}/api · GraphQL ${base}/api/graphql`,
    })
  })
  // Slow clients cannot hold connections open: headers within 20 s, a whole request (uploads included) within
  // 2 min; idle keep-alive connections close after 5 s.
  server.headersTimeout = 20_000
  server.requestTimeout = 120_000
  server.keepAliveTimeout = 5_000
  if (settings.isProduction) {
    // No websocket is served in production (development keeps Next's HMR socket).
    server.on('upgrade', (_req, socket) => {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    })
  }
  const sockets = trackSockets(server)

  // A second signal, an error during the drain, or a drain past its timeout plus LAST_RESORT_MS exits 1.
  closeWithGrace(
    {
      delay: shutdownTimeoutMs + LAST_RESORT_MS,
      logger: {
        error: (problem: unknown) =>
          problem instanceof Error
            ? logger.error({ err: problem, msg: 'error while stopping' })
            : logger.error({ msg: String(problem) }),
      },
      onTimeout: () => logger.error({ msg: 'shutdown did not complete; exiting' }),
    },
    async ({ err, signal }) => {
      if (err) {
        logger.fatal({ err, msg: 'uncaught error; stopping' })
      } else {
        logger.info({ msg: `${signal ?? 'exit'}: no new connections; finishing requests in flight` })
      }
      const forceTimer = setTimeout(() => {
        logger.warn({ msg: `connections still open after ${shutdownTimeoutMs} ms; closing them` })
        sockets.closeAll()
      }, shutdownTimeoutMs)
      forceTimer.unref()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      sockets.closeIdle()
      await closed
      await closePayload()
      await probe.close()
      await nextApp.close()
      logger.info({ msg: 'stopped cleanly' })
    },
  )
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) {
    logger.fatal({ msg: error.message })
  } else {
    logger.fatal({ err: error, msg: 'Newsdesk could not start' })
  }
  process.exit(1)
})

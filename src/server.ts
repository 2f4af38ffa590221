/**
 * The HTTP server: Express in front (health checks, then everything else) and Next.js behind it, which
 * serves Payload's admin panel, REST API and GraphQL API.
 *
 *   npm run dev               development (Next compiles on demand, the schema is pushed to the database)
 *   npm run build && npm start   production (committed migrations are applied at start-up)
 *
 * Settings: the README's Configuration table (parsed by src/settings).
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

import nextEnv from '@next/env'
import express from 'express'
import next from 'next'
import { randomUUID } from 'node:crypto'
import { getPayload } from 'payload'
import { pino } from 'pino'
import { pinoHttp } from 'pino-http'
import pinoPretty from 'pino-pretty'

import { assertUsableInProduction, createDatabaseProbe } from './database'
import {
  adminHeaders,
  apiHeaders,
  apiRateLimit,
  errorHandler,
  limitBodySize,
  limitMethodOverrideBody,
  rejectMalformedPaths,
  rejectMalformedWhere,
  rejectUnknownMethods,
  requireNormalPath,
  stripInternalHeaders,
} from './http/middleware'
import { loadSettings, SettingsError } from './settings'

const isProduction = process.env.NODE_ENV === 'production'
// The .env files must be in process.env before the settings are read.
nextEnv.loadEnvConfig(process.cwd(), !isProduction)

// JSON lines in production (for log shippers), readable lines in development.
const logger = isProduction
  ? pino({ name: 'newsdesk' })
  : pino({ name: 'newsdesk' }, pinoPretty({ ignore: 'pid,hostname', sync: true, translateTime: 'SYS:HH:MM:ss' }))
/** An incoming X-Request-Id is reused when it looks like an id (so proxies can correlate), else one is made. */
const REQUEST_ID = /^[\w.-]{1,64}$/
/** How long `/readyz` waits for the database before answering 503. */
const READINESS_TIMEOUT_MS = 2_000

/** The Payload instances Next's route handlers created in this process (Payload caches them on globalThis). */
type PayloadCache = Map<string, { payload: { destroy: () => Promise<void> } | null }>

async function closePayload(): Promise<void> {
  const cache = (globalThis as { _payload?: PayloadCache })._payload
  for (const entry of cache?.values() ?? []) {
    await entry.payload?.destroy()
  }
}

/** Delay before retrying to start the job runner when the database is down at boot. */
const JOBS_RETRY_MS = 30_000

/**
 * Starts the job queue (scheduled publish and unpublish) in this process, on a Payload instance of its own: the
 * admin panel's instance would otherwise start it only once someone opens the panel. A database that is down at
 * boot does not stop the server (/readyz says 503 meanwhile); the runner retries every 30 s.
 * Resolves once the runner is up or its first attempt failed.
 */
async function startJobsRunner(): Promise<void> {
  try {
    const { default: config } = await import('./payload.config')
    await getPayload({ config, cron: true, key: 'newsdesk-jobs' })
  } catch (error) {
    logger.error({ err: error, msg: `job queue runner could not start; retrying in ${JOBS_RETRY_MS / 1000} s` })
    setTimeout(() => void startJobsRunner(), JOBS_RETRY_MS).unref()
  }
}

async function main(): Promise<void> {
  // Configuration mistakes stop the process here, with a message, before anything is served.
  const settings = loadSettings({ role: 'server' })
  const { http } = settings
  const { host: hostname, port, shutdownTimeoutMs } = http
  const target = settings.database
  if (isProduction) {
    await assertUsableInProduction(target)
  }

  const nextApp = next({ dev: !isProduction, dir: process.cwd(), hostname, port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  const probe = createDatabaseProbe(target)

  const app = express()
  app.disable('x-powered-by')
  // A hop count, never `true`: with `true` any client could claim any address in X-Forwarded-For.
  app.set('trust proxy', http.trustProxyHops)
  app.use(
    pinoHttp({
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id']
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
        res.setHeader('x-request-id', id)
        return id
      },
      logger,
    }),
  )
  app.use(stripInternalHeaders, rejectUnknownMethods, requireNormalPath)
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    try {
      await probe.check(READINESS_TIMEOUT_MS)
      res.json({ status: 'ready' })
    } catch (error) {
      const reason = `database unreachable: ${error instanceof Error ? error.message : String(error)}`
      res.status(503).json({ reason, status: 'unavailable' })
    }
  })
  app.use(
    '/api',
    apiHeaders,
    apiRateLimit(http.apiRequestsPerMinute),
    rejectMalformedPaths,
    rejectMalformedWhere,
    limitMethodOverrideBody(),
  )
  app.use('/admin', adminHeaders({ isProduction }))
  // Every path, not only /api and /admin: Next's own routes take bodies too.
  app.use(limitBodySize(http.maxBodyBytes))
  // Everything else is Next's: no body parser in front of it (Payload reads raw bodies itself).
  app.use((req, res) => handle(req, res))
  app.use(errorHandler((error) => logger.error({ err: error, msg: 'unhandled error in a request' })))

  // Before listening: the runner's Payload instance applies migrations and builds indexes once, so the
  // instance Next starts on the first request finds them done instead of racing it.
  await startJobsRunner()

  const server: Server = app.listen(port, hostname, () => {
    const base = `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${port}`
    logger.info({
      msg: `Newsdesk is up: admin ${base}/admin · REST ${base}/api · GraphQL ${base}/api/graphql`,
    })
  })

  // Slow clients cannot hold connections open: headers within 20 s, a whole request (uploads included) within
  // 2 min; idle keep-alive connections close after 5 s.
  server.headersTimeout = 20_000
  server.requestTimeout = 120_000
  server.keepAliveTimeout = 5_000
  if (isProduction) {
    // No websocket is served in production (development keeps Next's HMR socket).
    server.on('upgrade', (_req, socket) => {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    })
  }

  // Every socket, and those serving a request right now. Upgraded sockets (in development Payload keeps a
  // websocket to Next's HMR endpoint on this very server) are invisible to closeIdleConnections() and
  // closeAllConnections(), so shutdown destroys every socket that is not serving a request itself.
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

  let isStopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) {
      return
    }
    isStopping = true
    logger.info({ msg: `${signal}: no new connections; finishing requests in flight` })
    const forceTimer = setTimeout(() => {
      logger.warn({ msg: `connections still open after ${shutdownTimeoutMs} ms; closing them` })
      server.closeAllConnections()
      for (const socket of sockets) {
        socket.destroy()
      }
      // Last resort: whatever still holds the process must not keep a stopped server alive.
      setTimeout(() => {
        logger.error({ msg: 'shutdown did not complete; exiting' })
        process.exit(1)
      }, 5_000).unref()
    }, shutdownTimeoutMs)
    forceTimer.unref()
    server.close(async () => {
      try {
        await closePayload()
        await probe.close()
        await nextApp.close()
        logger.info({ msg: 'stopped cleanly' })
        process.exit(0)
      } catch (error) {
        logger.error({ err: error, msg: 'error while stopping' })
        process.exit(1)
      }
    })
    server.closeIdleConnections()
    for (const socket of sockets) {
      if (!busy.has(socket)) {
        socket.destroy()
      }
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) {
    logger.fatal({ msg: error.message })
  } else {
    logger.fatal({ err: error, msg: 'Newsdesk could not start' })
  }
  process.exit(1)
})

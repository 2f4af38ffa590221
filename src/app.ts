import type { Express, Request, Response } from 'express'
import type { IncomingHttpHeaders } from 'node:http'
import type { Logger } from 'pino'

import express from 'express'
import { randomUUID } from 'node:crypto'
import { pinoHttp } from 'pino-http'

import type { DatabaseProbe } from './database'
import type { ResponseCache } from './http/responseCache'
import type { HttpSettings } from './settings'

import { hasCredentials } from './http/credentials'
import {
  adminHeaders,
  apiHeaders,
  apiRateLimit,
  errorHandler,
  limitBodySize,
  limitMethodOverrideBody,
  refuseCrossSiteServerActions,
  rejectMalformedPaths,
  rejectMalformedWhere,
  rejectUnknownMethods,
  requireNormalPath,
  stripInternalHeaders,
} from './http/middleware'

/** An incoming X-Request-Id is reused when it looks like an id (so proxies can correlate), else one is made. */
const REQUEST_ID = /^[\w.-]{1,64}$/
/** How long `/readyz` waits for the database before answering 503. */
const READINESS_TIMEOUT_MS = 2_000

/**
 * Builds the Express app: request ids and logs, the guards in front of Payload, the health checks, then
 * everything else handed to `handle` (Next.js, which serves Payload's admin panel, REST and GraphQL). It listens
 * on nothing: the entry (src/server.ts) does, and tests drive it with a stub handler.
 *
 * @param args.cache - the API's response cache (src/http/responseCache.ts), behind the guards; none: every request
 *   reaches `handle`.
 * @param args.handle - answers every request the guards let through; Next's request handler in the server.
 * @param args.http - the HTTP settings (limits, proxy hops).
 * @param args.isProduction - picks the admin panel's Content-Security-Policy (development allows eval and HMR).
 * @param args.logger - pino logger for request logs and unhandled errors.
 * @param args.probe - answers `/readyz` (see createDatabaseProbe in src/database.ts).
 * @returns the app, ready for `app.listen()` or `http.createServer(app)`.
 */
export function createApp({
  cache,
  handle,
  http,
  isProduction,
  logger,
  probe,
}: {
  cache?: ResponseCache
  handle: (req: Request, res: Response) => unknown
  http: Pick<HttpSettings, 'apiRequestsPerMinute' | 'maxBodyBytes' | 'trustProxyHops'>
  isProduction: boolean
  logger: Logger
  probe: Pick<DatabaseProbe, 'check'>
}): Express {
  const app = express()
  app.disable('x-powered-by')
  // A hop count, never `true`: with `true` any client could claim any address in X-Forwarded-For.
  app.set('trust proxy', http.trustProxyHops)
  app.use(
    pinoHttp({
      // One short line per request: the default logged every request and response header (about 1.6 KB a line).
      customSuccessMessage: (req, res, responseTime) =>
        `${req.method} ${(req as Request).originalUrl} ${res.statusCode} ${Math.round(responseTime)} ms`,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id']
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
        res.setHeader('x-request-id', id)
        return id
      },
      logger,
      quietReqLogger: true,
      serializers: {
        // Who: whether the request carried credentials (Payload tells who they are, behind Next); never the token.
        req: (req: { headers: IncomingHttpHeaders; id: string; method: string; url: string }) => ({
          id: req.id,
          hasCredentials: hasCredentials(req.headers),
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
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
    // Hits are answered here: behind the checks that protect the cache itself and the per-client rate limit.
    ...(cache ? [cache.handler] : []),
    limitMethodOverrideBody(),
  )
  app.use('/admin', adminHeaders({ isProduction }))
  // Every path: a server action can be posted to any page of the app.
  app.use(refuseCrossSiteServerActions)
  // Every path, not only /api and /admin: Next's own routes take bodies too.
  app.use(limitBodySize(http.maxBodyBytes))
  // Everything else is Next's: no body parser in front of it (Payload reads raw bodies itself).
  app.use((req, res) => handle(req, res))
  app.use(errorHandler((error) => logger.error({ err: error, msg: 'unhandled error in a request' })))
  return app
}

import type { Express, Request, RequestHandler, Response } from 'express'
import type { IncomingHttpHeaders, RequestListener } from 'node:http'
import type { Logger } from 'pino'

import express from 'express'
import { randomUUID } from 'node:crypto'
import { pinoHttp } from 'pino-http'

import type { DatabaseProbe } from './database'
import type { ResponseCache } from './http/responseCache'
import type { HttpSettings } from './settings'

import { API_REFERENCE_PATH, apiReference } from './http/apiReference'
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
  rejectUndecodablePaths,
  rejectUnknownMethods,
  requireNormalPath,
  siteHeaders,
  stripInternalHeaders,
} from './http/middleware'
import { servePublicDocuments } from './http/publicDocuments'
import { DEFAULT_PUBLIC_PATHS, type PublicPageKind } from './settings/site'

/** An incoming X-Request-Id is reused when it looks like an id (so proxies can correlate), else one is made. */
const REQUEST_ID = /^[\w.-]{1,64}$/
/**
 * The id of a request: its X-Request-Id when that looks like an id (so proxies can correlate), else a new UUID.
 *
 * @param headers - the request's headers.
 */
function requestIdOf(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id']
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
}

/** The one log line of a request, as pino-http and the cache's hits write it. */
const requestLine = (method: string | undefined, url: string | undefined, status: number, ms: number) =>
  `${method} ${url} ${status} ${Math.round(ms)} ms`

/** Whether `path` is `mount` or under it. */
const isUnder = (path: string, mount: string) => path === mount || path.startsWith(`${mount}/`)

/**
 * The site's page paths the response cache holds: the home page and one segment under each default path
 * pattern's prefix (`/news/<slug>`, `/authors/<slug>`, `/tags/<slug>`), the routes src/app/(site) serves.
 */
const SITE_PAGE = new RegExp(
  `^(?:/|${Object.values(DEFAULT_PUBLIC_PATHS)
    .map((pattern) => pattern.replace('{slug}', '[^/]+'))
    .join('|')})$`,
  'u',
)

/** Whether a request path (without its query) is one of the site's cached page paths (see {@link SITE_PAGE}). */
export const isSitePagePath = (path: string): boolean => SITE_PAGE.test(path)

/**
 * Maps the configured path patterns (`PUBLIC_ARTICLE_PATH`, …) that differ from the defaults onto the routes
 * src/app/(site) serves, so every URL the API emits (feeds, sitemaps, JSON-LD, previews) names a page that exists:
 * with `PUBLIC_ARTICLE_PATH=/stories/{slug}.html`, `/stories/x.html` is answered as `/news/x`. The slug matches one
 * path segment, as utilities/publicUrls.ts encodes it.
 *
 * @param paths - the site's path patterns (src/settings/site.ts).
 * @returns the path of the default route for a path matching a custom pattern, else undefined.
 */
export function sitePathRouter(paths: Record<PublicPageKind, string>): (path: string) => string | undefined {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')
  const routes = (Object.keys(paths) as PublicPageKind[])
    .filter((kind) => paths[kind] !== DEFAULT_PUBLIC_PATHS[kind])
    .map((kind) => {
      const [before, after] = paths[kind].split('{slug}')
      return {
        pattern: new RegExp(`^${escape(before)}([^/]+)${escape(after)}$`, 'u'),
        target: (slug: string) => DEFAULT_PUBLIC_PATHS[kind].replace('{slug}', slug),
      }
    })
  return (path) => {
    for (const { pattern, target } of routes) {
      const slug = pattern.exec(path)?.[1]
      if (slug !== undefined) {
        return target(slug)
      }
    }
    return undefined
  }
}

/** How long `/readyz` waits for the database before answering 503. */
const READINESS_TIMEOUT_MS = 2_000

/**
 * Builds the Express app: request ids and logs, the guards in front of Payload, the health checks, then
 * everything else handed to `handle` (Next.js, which serves Payload's admin panel, REST and GraphQL, and the
 * reference site's pages, src/app/(site)), but for the REST reads `apiReads` answers. It listens
 * on nothing: the entry (src/server.ts) does, and tests drive it with a stub handler.
 *
 * @param args.cache - the API's response cache (src/http/responseCache.ts), behind the guards; none: every request
 *   reaches `handle`.
 * @param args.apiReads - answers the API's REST reads behind the guards and the cache, before Next
 *   (src/http/restReads.ts); none: Next answers them.
 * @param args.handle - answers every request the guards let through; Next's request handler in the server.
 * @param args.http - the HTTP settings (limits, proxy hops).
 * @param args.isProduction - picks the admin panel's Content-Security-Policy (development allows eval and HMR);
 *   outside production the API reference page is served at /api/docs (src/http/apiReference.ts).
 * @param args.logger - pino logger for request logs and unhandled errors.
 * @param args.probe - answers `/readyz` (see createDatabaseProbe in src/database.ts).
 * @param args.sitePaths - the site's path patterns; custom ones are answered by the default routes
 *   ({@link sitePathRouter}). Default: the default patterns.
 * @returns the app, ready for `app.listen()` or `http.createServer(app)`.
 */
export function createApp({
  apiReads,
  cache,
  handle,
  http,
  isProduction,
  logger,
  probe,
  sitePaths = DEFAULT_PUBLIC_PATHS,
}: {
  apiReads?: RequestHandler
  cache?: ResponseCache
  handle: (req: Request, res: Response) => unknown
  http: Pick<HttpSettings, 'apiRequestsPerMinute' | 'maxBodyBytes' | 'trustProxyHops'>
  isProduction: boolean
  logger: Logger
  probe: Pick<DatabaseProbe, 'check'>
  sitePaths?: Record<PublicPageKind, string>
}): Express {
  const app = express()
  app.disable('x-powered-by')
  // A hop count, never `true`: with `true` any client could claim any address in X-Forwarded-For.
  app.set('trust proxy', http.trustProxyHops)
  app.use(
    pinoHttp({
      // One short line per request: the default logged every request and response header (about 1.6 KB a line).
      customSuccessMessage: (req, res, responseTime) =>
        requestLine(req.method, (req as Request).originalUrl, res.statusCode, responseTime),
      genReqId: (req, res) => {
        const id = requestIdOf(req.headers)
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
  app.use(stripInternalHeaders, rejectUnknownMethods, requireNormalPath, rejectUndecodablePaths)
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
  // The interactive reference to /api/openapi.json, in development only: ahead of the API's headers, since the page
  // runs scripts, which the API's policy forbids. In production the path is Payload's, which has no such route.
  if (!isProduction) {
    app.use(API_REFERENCE_PATH, apiReference())
  }
  // Feeds, sitemaps and robots.txt at the site's root are API reads under /api/public.
  app.use(servePublicDocuments)
  app.use(
    '/api',
    apiHeaders,
    apiRateLimit(http.apiRequestsPerMinute),
    rejectMalformedPaths,
    rejectMalformedWhere,
    // Hits are answered here: behind the checks that protect the cache itself and the per-client rate limit.
    ...(cache ? [cache.handler] : []),
    limitMethodOverrideBody(),
    ...(apiReads ? [apiReads] : []),
  )
  app.use('/admin', adminHeaders({ isProduction }))
  // The site's pages (src/app/(site)): their headers, then the cache, which holds anonymous reads of the pages.
  const pageHeaders = siteHeaders({ isProduction })
  const routeOf = sitePathRouter(sitePaths)
  app.use((req, res, next) => {
    if (isUnder(req.path, '/api') || isUnder(req.path, '/admin')) {
      next()
      return
    }
    const route = routeOf(req.path)
    if (route !== undefined) {
      const mark = req.url.indexOf('?')
      req.url = mark === -1 ? route : `${route}${req.url.slice(mark)}`
    }
    pageHeaders(req, res, () => (cache && isSitePagePath(req.path) ? cache.pages(req, res, next) : next()))
  })
  // Every path: a server action can be posted to any page of the app.
  app.use(refuseCrossSiteServerActions)
  // Every path, not only /api and /admin: Next's own routes take bodies too.
  app.use(limitBodySize(http.maxBodyBytes))
  // Everything else is Next's: no body parser in front of it (Payload reads raw bodies itself).
  app.use((req, res) => handle(cache ? (cache.requestFor(req) as Request) : req, res))
  app.use(errorHandler((error) => logger.error({ err: error, msg: 'unhandled error in a request' })))
  return app
}

/**
 * The HTTP server's request listener: the response cache's hits are answered first, before Express
 * ({@link ResponseCache.findHit} says which requests qualify and why they may skip its chain), with a request id
 * and the same log line as any request; everything else goes to `app`.
 *
 * @param args.app - the app from {@link createApp}, built with the same `cache`.
 * @param args.cache - the API's response cache.
 * @param args.logger - the logger `app` writes request logs to.
 * @returns a listener for `http.createServer()`.
 */
export function createRequestListener({
  app,
  cache,
  logger,
}: {
  app: Express
  cache: ResponseCache
  logger: Logger
}): RequestListener {
  return (req, res) => {
    const startedAt = performance.now()
    const hit = cache.findHit(req)
    if (!hit) {
      // A miss gets its id and log line from the app's request logger.
      app(req, res)
      return
    }
    const id = requestIdOf(req.headers)
    cache.sendHit(hit, req, res, id)
    if (logger.isLevelEnabled('info')) {
      logger.info({
        msg: requestLine(req.method, req.url, res.statusCode, performance.now() - startedAt),
        req: { id, hasCredentials: false, method: req.method, url: req.url },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - startedAt),
      })
    }
  }
}

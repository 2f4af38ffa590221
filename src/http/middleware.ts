import type { NextFunction, Request, RequestHandler, Response } from 'express'

import { rateLimit } from 'express-rate-limit'
import helmet from 'helmet'

import { CLIENT_IP_HEADER } from './clientIp'

/**
 * Headers the outside world must not be able to send: Next.js internals (`x-middleware-subrequest` let a
 * request skip middleware, CVE-2025-29927; `next-resume` drives partial prerendering) and the client address
 * header this server sets itself.
 */
const INTERNAL_HEADERS = ['x-middleware-subrequest', 'next-resume', CLIENT_IP_HEADER]

/** Removes internal headers, then records the client address Express derived (honouring `trust proxy`). */
export const stripInternalHeaders: RequestHandler = (req, _res, next) => {
  for (const name of INTERNAL_HEADERS) {
    delete req.headers[name]
  }
  req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  next()
}

/**
 * Refuses API paths that cannot name a document: undecodable percent-encoding, encoded slashes or backslashes
 * (`..%2F..%2Fusers`), and NUL bytes. Payload would otherwise pass them on as ids and fail with a 500.
 */
export const rejectMalformedPaths: RequestHandler = (req, res, next) => {
  const rawPath = req.originalUrl.split('?')[0] ?? ''
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    res.status(400).json({ errors: [{ message: 'Malformed percent-encoding in the path.' }] })
    return
  }
  if (/%2f|%5c/i.test(rawPath) || decoded.includes('\0')) {
    res.status(400).json({ errors: [{ message: 'The path contains characters no document id has.' }] })
    return
  }
  next()
}

/**
 * Refuses any path whose percent-encoding does not decode (`/news/%E0%A4%A`): Next.js answered such a path, a
 * site page or the admin panel alike, with a 500. (The API's own check, {@link rejectMalformedPaths}, refuses
 * more.)
 */
export const rejectUndecodablePaths: RequestHandler = (req, res, next) => {
  try {
    decodeURIComponent(req.originalUrl.split('?')[0] ?? '')
  } catch {
    res.status(400).json({ errors: [{ message: 'Malformed percent-encoding in the path.' }] })
    return
  }
  next()
}

/** The methods the app answers; others (TRACE, CONNECT, …) reached Payload and failed with a 500. */
const METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])

/** Answers 405 for a method the app has no use for. */
export const rejectUnknownMethods: RequestHandler = (req, res, next) => {
  if (!METHODS.has(req.method)) {
    res
      .status(405)
      .set('Allow', [...METHODS].join(', '))
      .json({ errors: [{ message: `${req.method} is not allowed.` }] })
    return
  }
  next()
}

/**
 * Refuses a path that is not in normal form: `.` or `..` segments (also percent-encoded) or empty segments
 * (`//`). Next.js normalises such a path and serves it, but Express matched its own mounts (`/api`, with the rate
 * limit, the body check and the path check) on the raw path, so `/./api/tags` or `/admin/../api/tags` went around
 * them.
 */
export const requireNormalPath: RequestHandler = (req, res, next) => {
  const rawPath = (req.originalUrl.split('?')[0] ?? '').replace(/%2e/giu, '.')
  if (/(?:^|\/)\.{1,2}(?:\/|$)/u.test(rawPath) || rawPath.includes('//')) {
    res
      .status(400)
      .json({ errors: [{ message: 'The path has "." or ".." segments or "//"; send it in normal form.' }] })
    return
  }
  next()
}

/**
 * Refuses a query string whose `where` is given whole (`where=…`) but is not a JSON object: Payload reads such a
 * `where` as JSON and failed with a 500 on anything else (`where=foo`). The bracket form, `where[title][equals]=…`,
 * is Payload's to check.
 */
export const rejectMalformedWhere: RequestHandler = (req, res, next) => {
  const where = (req.query as Record<string, unknown>).where
  if (where !== undefined) {
    let parsed: unknown
    try {
      parsed = typeof where === 'string' ? JSON.parse(where) : undefined
    } catch {
      parsed = undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      res
        .status(400)
        .json({ errors: [{ message: 'where is given as where[field][operator]=value, or once as a JSON object.' }] })
      return
    }
  }
  next()
}

/**
 * The host a server action must come from, as Next.js decides it: the first `X-Forwarded-Host` value, else `Host`
 * (parseHostHeader in next/dist/server/app-render/action-handler.js, Next 16.4.6).
 */
function serverActionHost(req: Request): string | undefined {
  const forwarded = req.headers['x-forwarded-host']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  return first || req.headers.host
}

/**
 * Refuses a server action (a POST with a `Next-Action` header: the admin panel's server functions) whose `Origin`
 * is another site, with 403, and one whose `Origin` is not a URL, with 400. The rule is Next.js's own CSRF check
 * (an `Origin` host equal to the request's host; no `Origin` passes), which Next answers with a 500, "Invalid
 * Server Actions request", after reading the body; the rule must follow `serverActions.allowedOrigins` should
 * next.config.mjs ever set it.
 * Workaround: Next 16.4.6 answers a cross-origin server action with 500.
 */
export const refuseCrossSiteServerActions: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin
  if (req.method !== 'POST' || req.headers['next-action'] === undefined || origin === undefined) {
    next()
    return
  }
  let originHost: string
  try {
    originHost = origin === 'null' ? 'null' : new URL(origin).host
  } catch {
    res.status(400).json({ errors: [{ message: 'The Origin header is not a URL.' }] })
    return
  }
  if (originHost !== serverActionHost(req)) {
    res.status(403).json({
      errors: [
        {
          message: `Server actions are accepted from this site only; this one came from ${JSON.stringify(origin.slice(0, 100))}.`,
        },
      ],
    })
    return
  }
  next()
}

/** The largest body of a request that asks Payload to treat a POST as a GET (its query string in the body). */
export const METHOD_OVERRIDE_MAX_BYTES = 64 * 1024

/**
 * Bounds the body of a POST sent with `X-Payload-HTTP-Method-Override: GET`, Payload's door for query strings too
 * long for a URL: a query that size is far past any real filter (see MAX_WHERE_CONDITIONS), and a 6 MB one kept
 * the server busy for 14 s while the general body limit, sized for uploads, let it through.
 */
export function limitMethodOverrideBody(): RequestHandler {
  const limit = limitBodySize(METHOD_OVERRIDE_MAX_BYTES)
  return (req, res, next) =>
    req.headers['x-payload-http-method-override'] === undefined ? next() : limit(req, res, next)
}

/**
 * Refuses oversized bodies before they reach Payload: a declared `Content-Length` over the limit gets 413; a
 * body without one (chunked) gets 411, because its size cannot be checked up front. Browsers, curl and the
 * usual HTTP clients declare the length of what they send.
 *
 * @param maxBodyBytes - the limit in bytes.
 */
export function limitBodySize(maxBodyBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      if (!/^\d+$/.test(declared) || Number(declared) > maxBodyBytes) {
        res.status(413).json({ errors: [{ message: `Request body over ${maxBodyBytes} bytes.` }] })
        return
      }
      next()
      return
    }
    if (req.headers['transfer-encoding']) {
      res.status(411).json({ errors: [{ message: 'Send a Content-Length with the request body.' }] })
      return
    }
    next()
  }
}

/** The API returns JSON and media files only: nothing may run, frame or embed there. */
export const apiHeaders = helmet({
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }, useDefaults: false },
  // Frontends on other origins embed uploaded images.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
})

/**
 * The admin panel is a Next.js app: it needs its own inline bootstrap scripts and styles, images from uploads
 * (and blob: previews), and in development eval and the HMR websocket.
 */
export function adminHeaders({ isProduction }: { isProduction: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        connectSrc: isProduction ? ["'self'"] : ["'self'", 'ws:', 'wss:'],
        defaultSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        scriptSrc: isProduction ? ["'self'", "'unsafe-inline'"] : ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Off: TLS ends at the proxy, and the tests drive the admin over plain HTTP on 127.0.0.1.
        upgradeInsecureRequests: null,
      },
    },
  })
}

/**
 * Security headers of the reference site's pages (src/app/(site)) and everything else Next serves outside /api
 * and /admin. The pages read fine without JavaScript (plain HTML and CSS, plain links), but Next's app router
 * inlines its RSC payload as scripts and renders its 404 answers from it in the browser, so its own inline
 * scripts are allowed, as on the admin panel; nothing else is (no `eval` outside development, no other origin).
 * Bodies come from Payload's Lexical converter as React elements, never as raw HTML; the NewsArticle JSON-LD is a
 * data block, `<` escaped (src/site/metadata.ts). Pages may be framed by the site's own origin only: the admin's
 * live preview.
 *
 * @param args.isProduction - development also allows eval and HMR's websocket.
 */
export function siteHeaders({ isProduction }: { isProduction: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        baseUri: ["'self'"],
        connectSrc: isProduction ? ["'self'"] : ["'self'", 'ws:', 'wss:'],
        defaultSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: isProduction ? ["'self'", "'unsafe-inline'"] : ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Off: TLS ends at the proxy, and the tests drive the site over plain HTTP on 127.0.0.1.
        upgradeInsecureRequests: null,
      },
    },
    xFrameOptions: { action: 'sameorigin' },
  })
}

/**
 * A general rate limit on the API, per client address (never per anything the request body says).
 *
 * @param requestsPerMinute - allowed requests per client per minute.
 */
export function apiRateLimit(requestsPerMinute: number): RequestHandler {
  return rateLimit({
    handler: (_req: Request, res: Response) => {
      res.status(429).json({ errors: [{ message: 'Too many requests; slow down.' }] })
    },
    legacyHeaders: false,
    limit: requestsPerMinute,
    standardHeaders: 'draft-8',
    windowMs: 60_000,
  })
}

/** The last Express error handler: logs the error, answers a bare 500, never a stack trace. */
export function errorHandler(log: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log(error)
    if (res.headersSent) {
      res.end()
      return
    }
    res.status(500).json({ errors: [{ message: 'Internal server error.' }] })
  }
}

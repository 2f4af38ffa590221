import type { RequestHandler } from 'express'
import type { IncomingHttpHeaders } from 'node:http'
import type { SanitizedConfig } from 'payload'

import { handleEndpoints } from 'payload'

import { graphqlGET } from '../graphqlRoute'

/**
 * Paths under the API mount that stay with Next's route handlers: the GraphQL playground (development only) and
 * the Open Graph image endpoint, which Payload's Next routes add to the config themselves.
 */
const LEFT_TO_NEXT = new Set(['/graphql-playground', '/og'])

/** A Fetch `Headers` holding a Node request's headers (repeated ones appended in order). */
function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) {
      for (const each of value) {
        headers.append(name, each)
      }
    } else if (value !== undefined) {
      headers.set(name, value)
    }
  }
  return headers
}

/**
 * Express middleware, mounted on the API path (`/api`): answers the API's reads, GET and HEAD, on this process's
 * Payload instance, so a read no longer passes Next's router, its route module and its response streams. REST reads
 * go to Payload's own handler for frameworks other than Next (`handleEndpoints`, the one Next's REST route calls
 * too); GraphQL reads (`/graphql`, and the anonymous POST queries the response cache turns into them) to the same
 * handler Next's GraphQL route uses (src/graphqlRoute.ts). On the 2-core machine that made uncached REST reads about
 * 1.6× faster (README, Benchmarks). What is answered is the same: the same endpoints, access, query parsing and
 * errors. A HEAD is answered as its GET, without the body. Anything else (writes, OPTIONS, GraphQL over POST, see
 * also {@link LEFT_TO_NEXT}) goes on to Next.
 *
 * @param args.config - the Payload config (or the promise `buildConfig` returns), loaded by this process.
 * @param args.origin - the origin the request URL is built on (`SERVER_URL`): never the request's own Host or
 *   X-Forwarded-* headers, so they cannot change the URLs Payload writes into an answer.
 * @param args.payloadKey - the key of this process's Payload instance (`getPayload`'s `key`), shared with the job
 *   runner, so the process keeps one instance of its own besides Next's.
 * @returns the middleware; a failure Payload did not turn into an answer goes to Express's error handler.
 */
export function restReads({
  config,
  origin,
  payloadKey,
}: {
  config: Promise<SanitizedConfig> | SanitizedConfig
  origin: string
  payloadKey: string
}): RequestHandler {
  const graphql = graphqlGET(config, { payloadKey })
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || LEFT_TO_NEXT.has(req.path)) {
      next()
      return
    }
    const isHead = req.method === 'HEAD'
    let request: Request
    try {
      request = new Request(`${origin}${req.baseUrl}${req.url}`, { headers: toHeaders(req.headers), method: 'GET' })
    } catch {
      // A URL or header the Fetch API refuses: Next answers it as before.
      next()
      return
    }
    const answer =
      req.path === '/graphql'
        ? graphql(request)
        : handleEndpoints({ config, payloadInstanceCacheKey: payloadKey, request })
    answer
      .then(async (response) => {
        const body = isHead ? undefined : Buffer.from(await response.arrayBuffer())
        res.statusCode = response.status
        for (const [name, value] of response.headers) {
          if (name !== 'set-cookie') {
            res.setHeader(name, value)
          }
        }
        const cookies = response.headers.getSetCookie()
        if (cookies.length > 0) {
          res.setHeader('set-cookie', cookies)
        }
        res.end(body)
      })
      .catch(next)
  }
}

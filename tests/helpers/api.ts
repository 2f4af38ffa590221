import type { SanitizedConfig } from 'payload'

import { REST_DELETE, REST_GET } from '@payloadcms/next/routes'

import { graphqlPOST } from '../../src/graphqlRoute'
import { restPATCH, restPOST } from '../../src/restRoute'

const ORIGIN = 'http://localhost:3000'

/**
 * `token` is a session token, sent as `Authorization: JWT <token>`; `authorization` is a whole `Authorization`
 * header to send instead (e.g. `Preview <token>`).
 */
type RestOptions = { authorization?: string; body?: unknown; token?: string }

/**
 * Calls the REST route handlers src/app/(payload)/api serves (Payload's, with src/restRoute.ts's body checks in
 * front of POST and PATCH) with a real `Request`, without an HTTP server.
 *
 * @param config - the sanitised config.
 * @returns `get/post/patch/delete(path, options)` where path is relative to /api (e.g. "articles?depth=1"), and
 *   `response(path)`, the raw `Response` of a GET.
 */
export function restClient(config: SanitizedConfig) {
  const handlers = {
    DELETE: REST_DELETE(config),
    GET: REST_GET(config),
    PATCH: restPATCH(config),
    POST: restPOST(config),
  }
  const call = async (
    method: keyof typeof handlers,
    apiPath: string,
    { authorization, body, token }: RestOptions = {},
  ) => {
    const headers = new Headers()
    if (token) {
      headers.set('Authorization', `JWT ${token}`)
    }
    if (authorization) {
      headers.set('Authorization', authorization)
    }
    if (body !== undefined) {
      headers.set('Content-Type', 'application/json')
    }
    const request = new Request(`${ORIGIN}/api/${apiPath}`, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers,
      method,
    })
    const slug = apiPath.split('?')[0].split('/').filter(Boolean)
    const response = await handlers[method](request, { params: Promise.resolve({ slug }) })
    return { body: (await response.json()) as Record<string, any>, status: response.status }
  }
  /** A GET answered as the handler answered it: for bodies that are not JSON (feeds, sitemaps) and headers. */
  const response = (apiPath: string, { token }: { token?: string } = {}) =>
    handlers.GET(new Request(`${ORIGIN}/api/${apiPath}`, { headers: token ? { Authorization: `JWT ${token}` } : {} }), {
      params: Promise.resolve({ slug: apiPath.split('?')[0].split('/').filter(Boolean) }),
    })
  return {
    delete: (apiPath: string, options?: RestOptions) => call('DELETE', apiPath, options),
    get: (apiPath: string, options?: RestOptions) => call('GET', apiPath, options),
    patch: (apiPath: string, options?: RestOptions) => call('PATCH', apiPath, options),
    post: (apiPath: string, options?: RestOptions) => call('POST', apiPath, options),
    response,
  }
}

/**
 * A `fetch` that answers `http://localhost:3000/api/…` URLs with the same REST route handlers as {@link restClient},
 * without an HTTP server: for clients that take a `fetch` of their own (`@payloadcms/sdk`).
 *
 * @param config - the sanitised config.
 * @returns the function; a URL outside /api, or a method other than GET, POST, PATCH and DELETE, is a TypeError.
 */
export function restFetch(config: SanitizedConfig): typeof fetch {
  const handlers: Record<string, ReturnType<typeof REST_GET>> = {
    DELETE: REST_DELETE(config),
    GET: REST_GET(config),
    PATCH: restPATCH(config),
    POST: restPOST(config),
  }
  return async (input, init) => {
    const request = new Request(input, init)
    const { pathname } = new URL(request.url)
    const handler = handlers[request.method]
    if (!pathname.startsWith('/api/') || !handler) {
      throw new TypeError(`restFetch: no handler for ${request.method} ${pathname}`)
    }
    const slug = pathname.slice('/api/'.length).split('/').filter(Boolean)
    return handler(request, { params: Promise.resolve({ slug }) })
  }
}

/**
 * Runs GraphQL requests through the handler src/app/(payload)/api/graphql/route.ts serves as POST.
 *
 * @returns a function `(query, { authorization, token, variables })` (the first two as in RestOptions) giving the
 *   parsed JSON body (`{ data, errors }`) and the HTTP status; its `raw(body, contentType)` sends a body exactly as
 *   given and answers the same way (the body is text when it is not JSON).
 */
export function graphqlClient(config: SanitizedConfig) {
  const handler = graphqlPOST(config)
  const send = async (body: string, headers: Headers) => {
    const response = await handler(new Request(`${ORIGIN}/api/graphql`, { body, headers, method: 'POST' }))
    const text = await response.text()
    let parsed: Record<string, any>
    try {
      parsed = JSON.parse(text) as Record<string, any>
    } catch {
      parsed = { text }
    }
    return { body: parsed, status: response.status }
  }
  const query = (
    text: string,
    {
      authorization,
      token,
      variables,
    }: { authorization?: string; token?: string; variables?: Record<string, unknown> } = {},
  ) => {
    const headers = new Headers({ 'Content-Type': 'application/json' })
    if (token) {
      headers.set('Authorization', `JWT ${token}`)
    }
    if (authorization) {
      headers.set('Authorization', authorization)
    }
    return send(JSON.stringify({ query: text, variables }), headers)
  }
  const raw = (body: string, contentType = 'application/json') =>
    send(body, new Headers({ 'Content-Type': contentType }))
  return Object.assign(query, { raw })
}

import type { Endpoint, Payload } from 'payload'

import { headersWithCors } from 'payload'

import { buildOpenApiDocument, OPENAPI_PATH } from './document'

/**
 * The document's JSON per instance, made on the first request: it follows from the config alone, which does not
 * change while the process runs. A failure is not kept, so the next request tries again.
 */
const documents = new WeakMap<Payload, Promise<string>>()

/**
 * The OpenAPI document of the instance as JSON text, built once ({@link buildOpenApiDocument}).
 *
 * @param payload - the instance.
 * @returns the JSON text.
 */
export function openApiJson(payload: Payload): Promise<string> {
  let document = documents.get(payload)
  if (!document) {
    document = buildOpenApiDocument({ payload }).then((value) => JSON.stringify(value))
    document.catch(() => documents.delete(payload))
    documents.set(payload, document)
  }
  return document
}

/** The methods the document's path refuses with 405 (Payload answers others, such as OPTIONS, itself). */
const REFUSED_METHODS = ['delete', 'patch', 'post', 'put'] as const

/**
 * `GET /api/openapi.json`: the REST API's OpenAPI 3.1 document, for anyone (it says nothing the API does not
 * answer anonymously), with Payload's CORS headers. Anonymous answers go through the response cache like any read;
 * the body is the same until the process restarts with another config. Other methods get 405 with `Allow: GET` in
 * Payload's error shape (Payload's own answer for an unknown route is a 404 `{ message }`, in another shape).
 *
 * @returns root endpoints for the config's `endpoints`.
 */
export function openApiEndpoints(): Endpoint[] {
  return [
    {
      handler: async (req) =>
        new Response(await openApiJson(req.payload), {
          headers: headersWithCors({ headers: new Headers({ 'Content-Type': 'application/json' }), req }),
          status: 200,
        }),
      method: 'get',
      path: OPENAPI_PATH,
    },
    ...REFUSED_METHODS.map(
      (method): Endpoint => ({
        handler: (req) =>
          Response.json(
            { errors: [{ message: `${OPENAPI_PATH} answers GET only.` }] },
            { headers: headersWithCors({ headers: new Headers({ Allow: 'GET' }), req }), status: 405 },
          ),
        method,
        path: OPENAPI_PATH,
      }),
    ),
  ]
}

import type { SanitizedConfig } from 'payload'

import { REST_PATCH, REST_POST, REST_PUT } from '@payloadcms/next/routes'

import { jsonNestingProblem } from '../utilities/jsonNesting'
import { mediaTypeOf } from '../utilities/mediaType'
import { errorResponse } from './graphqlRoute'
import { multipartProblem } from './multipartBody'

type RestHandler = ReturnType<typeof REST_POST>

/**
 * What is wrong with a write request's body, read from a clone before Payload reads the request itself, if it is
 * something Payload's body parsing (`addDataAndFileToRequest`) or what runs after it would answer with a 500:
 * - JSON nested deeper than the limit (see utilities/jsonNesting.ts), found without parsing it;
 * - a multipart body Payload's parser fails on, or whose `_payload` is not JSON or nests too deep (see
 *   {@link multipartProblem}).
 * Other bodies (none, or another type) are Payload's to judge.
 *
 * @param request - a POST, PATCH or PUT request to the REST API (not consumed).
 * @param config - the sanitised config (its `upload.limits`).
 * @returns a message for a 400, or undefined.
 */
export async function writeBodyProblem(request: Request, config: SanitizedConfig): Promise<string | undefined> {
  if (request.body === null) {
    return undefined
  }
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = mediaTypeOf(contentType)
  if (mediaType === 'application/json') {
    return jsonNestingProblem(await request.clone().text(), 'The request body')
  }
  if (mediaType.startsWith('multipart/')) {
    return multipartProblem({ body: request.clone().body, contentType, limits: config.upload?.limits })
  }
  return undefined
}

/**
 * One of Payload's REST write handlers, with request bodies it would fail on refused first with a 400 naming the
 * problem ({@link writeBodyProblem}), in Payload's error shape and with its CORS headers. Nothing reaches Payload
 * then, so nothing is stored.
 * Workaround: Payload 3.90.1 answers 500 for JSON nested 10,000 deep and for malformed multipart bodies.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @param handler - Payload's handler for the method (`REST_POST(config)`, …).
 * @returns a handler of the same shape.
 */
function checkingBodies(config: Promise<SanitizedConfig> | SanitizedConfig, handler: RestHandler): RestHandler {
  return async (request, args) => {
    const problem = await writeBodyProblem(request, await config)
    if (problem) {
      return errorResponse({ config, errors: [{ message: problem }], request, status: 400 })
    }
    return handler(request, args)
  }
}

/**
 * Payload's REST POST handler behind {@link checkingBodies}.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @returns the route handler src/app/(payload)/api/[...slug]/route.ts exports as POST.
 */
export const restPOST = (config: Promise<SanitizedConfig> | SanitizedConfig): RestHandler =>
  checkingBodies(config, REST_POST(config))

/**
 * Payload's REST PATCH handler behind {@link checkingBodies}.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @returns the route handler src/app/(payload)/api/[...slug]/route.ts exports as PATCH.
 */
export const restPATCH = (config: Promise<SanitizedConfig> | SanitizedConfig): RestHandler =>
  checkingBodies(config, REST_PATCH(config))

/**
 * Payload's REST PUT handler behind {@link checkingBodies}.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @returns the route handler src/app/(payload)/api/[...slug]/route.ts exports as PUT.
 */
export const restPUT = (config: Promise<SanitizedConfig> | SanitizedConfig): RestHandler =>
  checkingBodies(config, REST_PUT(config))

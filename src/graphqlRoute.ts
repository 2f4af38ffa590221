import type { DocumentNode } from 'graphql'
import type { SanitizedConfig } from 'payload'

import { GRAPHQL_POST } from '@payloadcms/next/routes'
import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  NoFragmentCyclesRule,
  parse,
  validate,
} from 'graphql'
import { APIError, headersWithCors } from 'payload'

import { GRAPHQL_MAX_BODY_BYTES, GRAPHQL_MAX_TOKENS } from './graphqlLimits'

type GraphQLHandler = (request: Request) => Promise<Response>

/**
 * A stand-in schema for rules that look only at the document's shape: `validate` needs a schema, and
 * `NoFragmentCyclesRule` never reads it.
 */
const SHAPE_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { unused: { type: GraphQLString } } }),
})

/**
 * What is wrong with a GraphQL request body before Payload sees it, if anything it would answer with a 500 or
 * with seconds of work:
 * - more than {@link GRAPHQL_MAX_TOKENS} tokens in the query (graphql-js stops parsing there), so a flood of
 *   aliases or fields costs no more than parsing that many tokens;
 * - fragments that spread each other in a cycle, found with graphql-js's own `NoFragmentCyclesRule`. Payload's
 *   complexity rule runs beside that rule in the same validation pass and follows fragment spreads first, so a
 *   cycle overflowed the stack (a 500) before the rule could report it.
 *
 * @param text - the request body as sent: JSON with a `query` string (anything else yields nothing; Payload and
 *   graphql-http report those bodies themselves, as they do syntax errors).
 * @returns GraphQL errors, with their locations where they have one; empty when there is none.
 */
export function queryProblems(text: string): GraphQLError[] {
  let query: unknown
  try {
    query = (JSON.parse(text) as { query?: unknown } | null)?.query
  } catch {
    return []
  }
  if (typeof query !== 'string') {
    return []
  }
  let document: DocumentNode
  try {
    document = parse(query, { maxTokens: GRAPHQL_MAX_TOKENS })
  } catch (error) {
    const isTooLong = error instanceof GraphQLError && error.message.includes('tokens')
    return isTooLong ? [error] : []
  }
  return [...validate(SHAPE_SCHEMA, document, [NoFragmentCyclesRule])]
}

/**
 * Payload's GraphQL POST handler, with bad requests answered before it runs or instead of its 500s:
 * - a multipart body: 415 (GraphQL takes JSON);
 * - a JSON body over {@link GRAPHQL_MAX_BODY_BYTES}: 413;
 * - a query with too many tokens or a fragment cycle (see {@link queryProblems}): 400;
 * - a client error Payload throws before GraphQL runs (malformed JSON is `APIError('Invalid JSON', 400)`), which the
 *   handler does not catch, so Next answered 500.
 * Errors are answered in GraphQL's shape, `{ errors: [{ message }] }`, with Payload's CORS headers.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @returns the route handler that src/app/(payload)/api/graphql/route.ts exports as POST.
 */
export function graphqlPOST(config: Promise<SanitizedConfig> | SanitizedConfig): GraphQLHandler {
  const handler: GraphQLHandler = GRAPHQL_POST(config)
  const refuse = async (request: Request, errors: unknown[], status: number) => {
    const headers = headersWithCors({
      headers: new Headers({ 'Content-Type': 'application/json' }),
      req: { headers: request.headers, payload: { config: await config } } as Parameters<
        typeof headersWithCors
      >[0]['req'],
    })
    return new Response(JSON.stringify({ errors }), { headers, status })
  }
  return async (request) => {
    // Media types are case-insensitive: `Application/JSON` reached graphql-http (which lowercases) past these checks.
    const contentType = (request.headers.get('content-type') ?? '').toLowerCase()
    // GraphQL here takes JSON only; Payload parsed multipart bodies before GraphQL ran, and a broken one gave a 500.
    if (contentType.includes('multipart/form-data')) {
      return refuse(request, [{ message: 'GraphQL requests are JSON (Content-Type: application/json).' }], 415)
    }
    if (contentType.includes('application/json')) {
      const text = await request.clone().text()
      if (Buffer.byteLength(text) > GRAPHQL_MAX_BODY_BYTES) {
        return refuse(
          request,
          [{ message: `A GraphQL request body may have at most ${GRAPHQL_MAX_BODY_BYTES} bytes.` }],
          413,
        )
      }
      const problems = queryProblems(text)
      if (problems.length > 0) {
        return refuse(
          request,
          problems.map((error) => error.toJSON()),
          400,
        )
      }
    }
    try {
      return await handler(request)
    } catch (error) {
      if (error instanceof APIError && error.status >= 400 && error.status < 500) {
        return refuse(request, [{ message: error.message }], error.status)
      }
      throw error
    }
  }
}

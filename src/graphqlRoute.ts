import type { SanitizedConfig } from 'payload'

import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { GraphQLObjectType, GraphQLSchema, GraphQLString, NoFragmentCyclesRule, parse, validate } from 'graphql'
import { APIError, headersWithCors } from 'payload'

type GraphQLHandler = (request: Request) => Promise<Response>

/**
 * A stand-in schema for rules that look only at the document's shape: `validate` needs a schema, and
 * `NoFragmentCyclesRule` never reads it.
 */
const SHAPE_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({ fields: { unused: { type: GraphQLString } }, name: 'Query' }),
})

/**
 * The fragment cycles in a GraphQL request body, found with graphql-js's own `NoFragmentCyclesRule`. Payload's
 * complexity rule runs beside that rule in the same validation pass and follows fragment spreads first, so a cycle
 * overflowed the stack (a 500) before the rule could report it.
 *
 * @param text - the request body as sent: JSON with a `query` string (anything else yields no cycles; Payload and
 *   graphql-http report those bodies themselves).
 * @returns one GraphQL error per cycle, with its locations; empty when there is none.
 */
export function fragmentCycles(text: string): ReturnType<typeof validate> {
  let query: unknown
  try {
    query = (JSON.parse(text) as { query?: unknown } | null)?.query
  } catch {
    return []
  }
  if (typeof query !== 'string') {
    return []
  }
  try {
    return validate(SHAPE_SCHEMA, parse(query), [NoFragmentCyclesRule])
  } catch {
    // A syntax error: graphql-http reports it with its location.
    return []
  }
}

/**
 * Payload's GraphQL POST handler, with two kinds of bad request answered 400 instead of 500:
 * - a query whose fragments spread each other in a cycle (see {@link fragmentCycles});
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
      req: { headers: request.headers, payload: { config: await config } } as Parameters<typeof headersWithCors>[0]['req'],
    })
    return new Response(JSON.stringify({ errors }), { headers, status })
  }
  return async (request) => {
    if (request.headers.get('content-type')?.includes('application/json')) {
      const cycles = fragmentCycles(await request.clone().text())
      if (cycles.length > 0) {
        return refuse(request, cycles.map((error) => error.toJSON()), 400)
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

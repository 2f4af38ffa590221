import type { DocumentNode } from 'graphql'
import type { SanitizedConfig } from 'payload'

import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  NoFragmentCyclesRule,
  OperationTypeNode,
  validate,
} from 'graphql'
import { APIError, headersWithCors } from 'payload'

import { operationTypeOf, parseQuery } from '../utilities/graphqlOperation'
import { jsonNestingProblem } from '../utilities/jsonNesting'
import { payloadGraphQL } from './graphqlHandler'
import { GRAPHQL_MAX_BODY_BYTES, GRAPHQL_MAX_TOKENS } from './graphqlLimits'

type GraphQLHandler = (request: Request) => Promise<Response>

/**
 * A stand-in schema for rules that look only at the document's shape: `validate` needs a schema, and
 * `NoFragmentCyclesRule` never reads it.
 */
const SHAPE_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { unused: { type: GraphQLString } } }),
})

/** The fragment cycles of each parsed query, found once: parseQuery hands back the same document for the same text. */
const fragmentCycles = new WeakMap<DocumentNode, readonly GraphQLError[]>()

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
    document = parseQuery(query, GRAPHQL_MAX_TOKENS)
  } catch (error) {
    const isTooLong = error instanceof GraphQLError && error.message.includes('tokens')
    return isTooLong ? [error] : []
  }
  let cycles = fragmentCycles.get(document)
  if (!cycles) {
    cycles = validate(SHAPE_SCHEMA, document, [NoFragmentCyclesRule])
    fragmentCycles.set(document, cycles)
  }
  return [...cycles]
}

/**
 * An error answer in GraphQL's shape, `{ errors }`, which is also Payload's REST error shape, with Payload's CORS
 * headers for the request's origin.
 *
 * @param args.config - the Payload config, or the promise `buildConfig` returns.
 * @param args.errors - the errors, each at least `{ message }`.
 * @param args.headers - more headers, e.g. `Allow` for a 405.
 * @param args.request - the request answered (its Origin decides the CORS headers).
 * @param args.status - the HTTP status.
 * @returns a JSON response.
 */
export async function errorResponse({
  config,
  errors,
  headers = {},
  request,
  status,
}: {
  config: Promise<SanitizedConfig> | SanitizedConfig
  errors: unknown[]
  headers?: Record<string, string>
  request: Request
  status: number
}): Promise<Response> {
  const withCors = headersWithCors({
    headers: new Headers({ 'Content-Type': 'application/json', ...headers }),
    req: { headers: request.headers, payload: { config: await config } } as Parameters<
      typeof headersWithCors
    >[0]['req'],
  })
  return new Response(JSON.stringify({ errors }), { headers: withCors, status })
}

/**
 * Payload's GraphQL endpoint (src/graphqlHandler.ts) over POST, with bad requests answered before it runs or instead
 * of its 500s:
 * - a multipart body: 415 (GraphQL takes JSON);
 * - a JSON body over {@link GRAPHQL_MAX_BODY_BYTES}: 413;
 * - a JSON body nested deeper than `MAX_JSON_NESTING` (utilities/jsonNesting.ts): 400. Variables of 10,000
 *   levels overflowed the stack, and the mutation answered a 500 inside a 200;
 * - a query with too many tokens or a fragment cycle (see {@link queryProblems}): 400;
 * - a client error Payload throws before GraphQL runs (malformed JSON is `APIError('Invalid JSON', 400)`), which the
 *   handler does not catch, so Next answered 500.
 * Errors are answered in GraphQL's shape, `{ errors: [{ message }] }`, with Payload's CORS headers.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @param options.payloadKey - the Payload instance that answers (see src/graphqlHandler.ts); none: the default.
 * @returns the route handler that src/app/(payload)/api/graphql/route.ts exports as POST.
 */
export function graphqlPOST(
  config: Promise<SanitizedConfig> | SanitizedConfig,
  { payloadKey }: { payloadKey?: string } = {},
): GraphQLHandler {
  const handler = payloadGraphQL({ config, payloadKey })
  const refuse = (request: Request, errors: unknown[], status: number) =>
    errorResponse({ config, errors, request, status })
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
      const nesting = jsonNestingProblem(text, 'The request body')
      if (nesting) {
        return refuse(request, [{ message: nesting }], 400)
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

/**
 * GraphQL reads over GET, as the GraphQL-over-HTTP draft describes them: `query`, `variables` (JSON) and
 * `operationName` in the query string. A GET can be cached (by this server's response cache and by a CDN), a POST
 * cannot. Each GET is answered as the same request sent as a JSON POST would be, through {@link graphqlPOST}'s
 * checks; a mutation over GET is refused with 405, because GET must not change anything.
 *
 * @param config - the Payload config, or the promise `buildConfig` returns.
 * @param options - as for {@link graphqlPOST}.
 * @returns the route handler that src/app/(payload)/api/graphql/route.ts exports as GET.
 */
export function graphqlGET(
  config: Promise<SanitizedConfig> | SanitizedConfig,
  options: { payloadKey?: string } = {},
): GraphQLHandler {
  const post = graphqlPOST(config, options)
  const refuse = (request: Request, message: string, status: number, headers?: Record<string, string>) =>
    errorResponse({ config, errors: [{ message }], headers, request, status })
  return async (request) => {
    const url = new URL(request.url)
    const query = url.searchParams.get('query')
    if (!query) {
      return refuse(request, 'A GraphQL GET needs a query parameter: ?query={…}.', 400)
    }
    const rawVariables = url.searchParams.get('variables')
    let variables: unknown
    try {
      variables = rawVariables ? JSON.parse(rawVariables) : undefined
    } catch {
      return refuse(request, 'The variables parameter must be a JSON object.', 400)
    }
    if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) {
      return refuse(request, 'The variables parameter must be a JSON object.', 400)
    }
    const operationName = url.searchParams.get('operationName') ?? undefined
    const operation = operationTypeOf({ maxTokens: GRAPHQL_MAX_TOKENS, operationName, query })
    // Unparsable queries and unknown operation names are left to GraphQL to refuse.
    if (operation !== undefined && operation !== OperationTypeNode.QUERY) {
      return refuse(request, 'Mutations are sent with POST.', 405, { Allow: 'POST' })
    }
    const headers = new Headers(request.headers)
    headers.set('content-type', 'application/json')
    headers.delete('content-length')
    return post(
      new Request(`${url.origin}${url.pathname}`, {
        body: JSON.stringify({ operationName, query, variables }),
        headers,
        method: 'POST',
      }),
    )
  }
}

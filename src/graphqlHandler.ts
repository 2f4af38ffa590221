import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  SelectionSetNode,
  ValidationRule,
} from 'graphql'
import type { PayloadRequest, SanitizedConfig } from 'payload'

import { configToSchema } from '@payloadcms/graphql'
import { execute, Kind, OperationTypeNode, validate } from 'graphql'
import { createHandler } from 'graphql-http/lib/use/fetch'
import { LRUCache } from 'lru-cache'
import {
  addDataAndFileToRequest,
  addLocalesToRequestFromData,
  createPayloadRequest,
  headersWithCors,
  logError,
  mergeHeaders,
} from 'payload'

import { parseQuery } from '../utilities/graphqlOperation'
import { GRAPHQL_MAX_TOKENS } from './graphqlLimits'

/** Payload's GraphQL schema and the validation rules of its config, as `configToSchema` builds them. */
type Schema = { schema: GraphQLSchema; validationRules: (args: never) => ValidationRule[] }

/**
 * The schema of each config this process serves. Kept here rather than in the global Payload's own Next route
 * uses, so that a schema built from this process's copy of Payload never serves a request of the copy in Next's
 * build, or the reverse. Keyed by the config object: in development a reloaded config is a new object.
 */
const schemas = new WeakMap<SanitizedConfig, Promise<Schema>>()

/** The schema for `config`, built on first use (it takes tens of milliseconds and is reused for every request). */
function schemaOf(config: SanitizedConfig): Promise<Schema> {
  let schema = schemas.get(config)
  if (!schema) {
    schema = Promise.resolve().then(() => configToSchema(config) as Schema)
    schemas.set(config, schema)
    schema.catch(() => schemas.delete(config))
  }
  return schema
}

/**
 * The requests that passed validation, per schema: the query's text and its variables (Payload's complexity rule
 * reads them: `@include(if: $all)` decides whether a field counts). Every rule depends on these alone, so a
 * request seen before is known to pass; validating took about a seventh of an uncached GraphQL read. Requests that
 * fail are validated each time.
 */
const validRequests = new WeakMap<GraphQLSchema, LRUCache<string, true>>()

/** Characters of query text and variables kept per schema in {@link validRequests}. */
const VALID_REQUEST_CHARACTERS = 4_000_000

/**
 * graphql-js's `validate` for one request, skipped for a request that passed before (see {@link validRequests}).
 *
 * @param args.document - the parsed query; its text is read from its location (parseQuery keeps it).
 * @param args.rules - the request's rules, built for its variables.
 * @param args.schema - the schema validated against.
 * @param args.variables - the request's variables, as sent.
 * @returns the validation errors; empty when the request is valid.
 */
function validateOnce({
  document,
  rules,
  schema,
  variables,
}: {
  document: DocumentNode
  rules: readonly ValidationRule[]
  schema: GraphQLSchema
  variables: unknown
}): readonly GraphQLError[] {
  const text = document.loc?.source.body
  if (text === undefined) {
    return validate(schema, document, rules)
  }
  let valid = validRequests.get(schema)
  if (!valid) {
    valid = new LRUCache({ max: 10_000, maxSize: VALID_REQUEST_CHARACTERS, sizeCalculation: (_, key) => key.length })
    validRequests.set(schema, valid)
  }
  const key = `${JSON.stringify(variables ?? null)}\n${text}`
  if (valid.has(key)) {
    return []
  }
  const errors = validate(schema, document, rules)
  if (errors.length === 0) {
    valid.set(key, true)
  }
  return errors
}

/**
 * Whether Payload's select for `selectionSet` would name every field it asks for. Payload's select builder
 * (@payloadcms/graphql 3.90 `buildSelectTree`) keeps, at each level, one subtree per field name, the last, and
 * merges fragments in shallowly: a field with sub-fields asked for twice (again, under an alias, or in a
 * fragment) would lose all but one of its selections. And its relationships find their part of the select by the
 * answer's keys (`resolveSelect`), so under an alias (`writers: authors { name }`) they find none, or another
 * field's. Either way the fields lost came back null (a 500 for a non-null one). Such a selection is read whole.
 *
 * @param selectionSet - a field's selections.
 * @param fragments - the document's fragments, by name (validation has ruled out cycles).
 */
function isSelectComplete(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): boolean {
  const named = new Set<string>()
  const isComplete = (set: SelectionSetNode): boolean =>
    set.selections.every((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        return isComplete(selection.selectionSet)
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        return fragment !== undefined && isComplete(fragment.selectionSet)
      }
      if (!selection.selectionSet) {
        return true
      }
      if (selection.alias || named.has(selection.name.value)) {
        return false
      }
      named.add(selection.name.value)
      return isSelectComplete(selection.selectionSet, fragments)
    })
  return isComplete(selectionSet)
}

/**
 * The operations {@link withSelect} rewrote (or left as they were), per schema, by parsed document (which
 * parseQuery shares per query text).
 */
const selectingDocuments = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentNode>>()

/**
 * `document` with Payload's `select: true` argument on its query's one root field, where that field takes it
 * and the query does not set it: Payload then reads only the columns the query asks for, and populates
 * relationships with only their asked-for fields (@payloadcms/graphql 3.90 `buildSelectForCollection`), instead
 * of every column, the whole rich-text body included. Left as they are: a query with several root fields (Payload
 * keeps one select per request, `context.select`, so the last root field's would shape the others'
 * relationships), one whose select would miss fields ({@link isSelectComplete}), and the versions queries. A client
 * can still send `select: false`. Renditions fetch the fields they are made from when a select left them out
 * (fields/renditions.ts).
 *
 * @param document - a parsed, validated request (adding a Boolean argument the field declares keeps it valid).
 * @param schema - the schema it runs against.
 * @returns the rewritten document, or `document` itself when nothing applies.
 */
function withSelect(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  let cache = selectingDocuments.get(schema)
  if (!cache) {
    cache = new WeakMap()
    selectingDocuments.set(schema, cache)
  }
  let rewritten = cache.get(document)
  if (!rewritten) {
    const rootFields = schema.getQueryType()?.getFields() ?? {}
    const fragments = new Map(
      document.definitions
        .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    )
    let isChanged = false
    const definitions = document.definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== OperationTypeNode.QUERY) {
        return definition
      }
      const [only, ...others] = definition.selectionSet.selections
      // Not the versions queries (`versionsArticles`, `versionArticle`, Payload's names): a version's renditions
      // cannot read again the fields a select left out, since the version they come from has no id of its own.
      const takesSelect =
        only?.kind === Kind.FIELD &&
        !only.name.value.startsWith('version') &&
        rootFields[only.name.value]?.args.some(({ name }) => name === 'select')
      if (
        !takesSelect ||
        others.length > 0 ||
        only.arguments?.some(({ name }) => name.value === 'select') ||
        !only.selectionSet ||
        !isSelectComplete(only.selectionSet, fragments)
      ) {
        return definition
      }
      isChanged = true
      const select = {
        name: { kind: Kind.NAME, value: 'select' },
        kind: Kind.ARGUMENT,
        value: { kind: Kind.BOOLEAN, value: true },
      } as const
      return {
        ...definition,
        selectionSet: {
          ...definition.selectionSet,
          selections: [{ ...only, arguments: [...(only.arguments ?? []), select] }],
        },
      }
    })
    rewritten = isChanged ? { ...document, definitions } : document
    cache.set(document, rewritten)
  }
  return rewritten
}

/**
 * One error of a GraphQL answer the way Payload's GraphQL route writes it: the status of the error Payload threw
 * (`extensions.statusCode`, 500 for anything else), its name and data; a 500's message is replaced by a generic
 * one unless the config has `debug` on, since an internal error can hold anything. The config's `afterError`
 * hooks may replace the result, as they can on Payload's route.
 *
 * @param args.error - the error graphql-js reports (its `originalError` is what a resolver threw).
 * @param args.req - the Payload request the operation ran with.
 * @returns the formatted error.
 */
async function formatError({
  error,
  req,
}: {
  error: GraphQLError
  req: PayloadRequest
}): Promise<GraphQLFormattedError> {
  const { config } = req.payload
  const original = error.originalError as ({ data?: unknown; status?: number } & Error) | undefined
  const statusCode = original?.status ?? 500
  logError({ err: error, payload: req.payload })
  let formatted: GraphQLFormattedError = {
    extensions: {
      name: original?.name,
      data: original?.data ?? undefined,
      stack: config.debug ? error.stack : undefined,
      statusCode,
    },
    locations: error.locations,
    message: statusCode === 500 && !config.debug ? 'Something went wrong.' : error.message,
    path: error.path,
  }
  for (const hook of config.hooks.afterError ?? []) {
    const result = await hook({ context: req.context, error, graphqlResult: formatted, req } as never)
    formatted = (result as { graphqlResult?: GraphQLFormattedError } | undefined)?.graphqlResult ?? formatted
  }
  return formatted
}

/**
 * Payload's GraphQL endpoint (`/api/graphql`) as a Fetch handler, run on the Payload instance `payloadKey` names:
 * the same schema (`configToSchema`, with the config's queries, mutations and validation rules), the same request
 * (`createPayloadRequest`: the user from the request's credentials, locale, i18n), errors in the shape Payload's
 * route gives them, and Payload's CORS headers. Payload's own route handler (`GRAPHQL_POST`) always runs on the
 * default instance, which in the server's process belongs to Next; this one lets Express answer GraphQL reads on
 * the server's own instance (src/http/restReads.ts), without Next's router in between.
 *
 * Bodies are taken as JSON only: src/graphqlRoute.ts refuses multipart requests before they get here, so no
 * upload's temporary file is ever left to clean up.
 *
 * @param args.config - the Payload config, or the promise `buildConfig` returns.
 * @param args.payloadKey - the Payload instance (`getPayload`'s `key`); none: the default one, as on Payload's route.
 * @returns the handler: a GraphQL-over-HTTP answer for any request, 404 when the config disables GraphQL.
 */
export function payloadGraphQL({
  config,
  payloadKey,
}: {
  config: Promise<SanitizedConfig> | SanitizedConfig
  payloadKey?: string
}): (request: Request) => Promise<Response> {
  return async (request) => {
    // graphql-http reads the body itself; Payload's request reads its own copy.
    const forGraphQL = request.clone()
    const req = await createPayloadRequest({
      canSetHeaders: true,
      config,
      payloadInstanceCacheKey: payloadKey,
      request,
    })
    if (req.payload.config.graphQL.disable) {
      return new Response(null, { status: 404 })
    }
    await addDataAndFileToRequest(req)
    addLocalesToRequestFromData(req)
    const { schema, validationRules } = await schemaOf(req.payload.config)
    // Headers a resolver sets for the answer (a login's cookie).
    const headers: Record<string, string> = {}
    let variables: unknown
    const answer = await createHandler({
      context: { headers, req },
      execute: (args) => execute({ ...args, document: withSelect(args.document, args.schema) }),
      onOperation: async (_request, _args, result) => {
        if (!('errors' in result) || !result.errors) {
          return result
        }
        const errors = await Promise.all(result.errors.map((error) => formatError({ error, req })))
        return { ...result, errors } as unknown as typeof result
      },
      // The route's checks parsed the query already, with the token limit (src/graphqlRoute.ts).
      parse: (query) => parseQuery(typeof query === 'string' ? query : query.body, GRAPHQL_MAX_TOKENS),
      schema,
      validate: (validatedSchema, document, rules) =>
        validateOnce({ document, rules: rules ?? [], schema: validatedSchema, variables }),
      validationRules: (_request, args, rules) => {
        variables = args.variableValues
        return [...rules, ...validationRules(args as never)]
      },
    })(forGraphQL)
    const answerHeaders = headersWithCors({ headers: new Headers(answer.headers), req })
    for (const [name, value] of Object.entries(headers)) {
      answerHeaders.append(name, value)
    }
    return new Response(answer.body, {
      headers: req.responseHeaders ? mergeHeaders(req.responseHeaders, answerHeaders) : answerHeaders,
      status: answer.status,
    })
  }
}

import type { DocumentNode, OperationDefinitionNode, OperationTypeNode, Token } from 'graphql'

import { Kind, parse } from 'graphql'
import { LRUCache } from 'lru-cache'

/**
 * Parsed queries kept: at most this many tokens in all. A parsed query keeps each of its tokens (its locations
 * point into them), under 300 bytes apiece with the nodes built from them, so this bounds the cache near 15 MB
 * whatever is sent; the article page query has 73 tokens.
 */
export const PARSED_QUERY_TOKENS = 50_000

const parsed = new LRUCache<string, DocumentNode>({
  max: 1000,
  maxSize: PARSED_QUERY_TOKENS,
  sizeCalculation: (document) => Math.max(1, tokenCount(document)),
})

function tokenCount(document: DocumentNode): number {
  let count = 0
  for (let token: null | Token | undefined = document.loc?.startToken; token; token = token.next) {
    count += 1
  }
  return count
}

/**
 * graphql-js's `parse`, once per distinct query text: a request's query is parsed by the response cache, the
 * route's checks and graphql-http in turn, and the same few queries come again and again. The document is shared,
 * so callers must not change it (graphql-js's validation and execution do not).
 *
 * @param query - the GraphQL document's text.
 * @param maxTokens - the parser's token limit (src/graphqlLimits.ts).
 * @returns the document, with locations.
 * @throws GraphQLError as `parse` does: a syntax error, or more than `maxTokens` tokens. Failures are not kept.
 */
export function parseQuery(query: string, maxTokens: number): DocumentNode {
  const key = `${maxTokens}\n${query}`
  let document = parsed.get(key)
  if (!document) {
    document = parse(query, { maxTokens })
    parsed.set(key, document)
  }
  return document
}

/**
 * The type of the operation a GraphQL request runs: the one named `operationName`, or the only one when no name
 * is given (the GraphQL-over-HTTP draft's rule; graphql-js picks the same one when it executes).
 *
 * @param args.operationName - the request's `operationName`, if any.
 * @param args.query - the request's GraphQL document.
 * @param args.maxTokens - the parser's token limit (src/graphqlLimits.ts): a longer query counts as unparsable.
 * @returns `query`, `mutation` or `subscription`; undefined when the query does not parse or names no operation
 *   that can be chosen. Such requests are GraphQL's to refuse.
 */
export function operationTypeOf({
  maxTokens,
  operationName,
  query,
}: {
  maxTokens: number
  operationName?: null | string
  query: string
}): OperationTypeNode | undefined {
  let operations: OperationDefinitionNode[]
  try {
    operations = parseQuery(query, maxTokens).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )
  } catch {
    return undefined
  }
  const chosen = operationName
    ? operations.find((operation) => operation.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined
  return chosen?.operation
}

import type { OperationDefinitionNode, OperationTypeNode } from 'graphql'

import { Kind, parse } from 'graphql'

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
    operations = parse(query, { maxTokens }).definitions.filter(
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

import type { ValidationRule } from 'graphql'

import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'

/**
 * The deepest field nesting a GraphQL query may have, fragments counted inline. The deepest real query, an
 * article page down to a hero image size's url (tests/int/graphqlLimits.int.spec.ts), is 6 deep; 8 leaves room
 * and stops walks down the author ↔ article cycle early, before the complexity limit has to.
 */
export const GRAPHQL_MAX_DEPTH = 8

/**
 * Validation rules added to Payload's own (which include its complexity limit).
 *
 * @returns a depth limit of {@link GRAPHQL_MAX_DEPTH}, from GraphQL Armor; introspection queries are exempt
 *   (they are off in production).
 */
export function graphqlValidationRules(): ValidationRule[] {
  const rule = maxDepthRule({
    flattenFragments: true,
    ignoreIntrospection: true,
    n: GRAPHQL_MAX_DEPTH,
    // Reported as a validation error (a 400 with a message); thrown, it would reach the client as a 500.
    onReject: [(context, error) => context?.reportError(error)],
    propagateOnRejection: false,
  })
  return [rule as unknown as ValidationRule]
}

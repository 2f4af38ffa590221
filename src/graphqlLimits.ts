import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql'

import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'

/**
 * The deepest field nesting a GraphQL query may have, fragments counted inline. The deepest real query, an
 * article page down to a hero image size's url (tests/int/graphqlLimits.int.spec.ts), is 6 deep; 8 leaves room
 * and stops walks down the author ↔ article cycle early, before the complexity limit has to.
 */
export const GRAPHQL_MAX_DEPTH = 8

/**
 * The most aliases a GraphQL query may have (GraphQL Armor's default). The real queries use none, and a page that
 * asks for several lists at once (latest, opinion, sport…) needs one per list. Payload's complexity limit does not
 * count `__typename`, so 250,000 aliases of it passed and held the event loop for 3 s.
 */
export const GRAPHQL_MAX_ALIASES = 15

/**
 * The most tokens a GraphQL query may have, enforced while parsing (src/graphqlRoute.ts), before any other work.
 * The article page query, the heaviest real one, has 73.
 */
export const GRAPHQL_MAX_TOKENS = 1000

/**
 * The largest GraphQL request body, in bytes. The article page query is about 300 bytes; variables for a long
 * article fit many times over. The Express limit (MAX_BODY_BYTES) is sized for uploads.
 */
export const GRAPHQL_MAX_BODY_BYTES = 256 * 1024

/** Reported as validation errors (400s with a message); thrown, they would reach the client as a 500. */
const report = [(context: null | ValidationContext, error: GraphQLError) => context?.reportError(error)]

/**
 * Validation rules added to Payload's own (which include its complexity limit).
 *
 * @returns from GraphQL Armor, a depth limit of {@link GRAPHQL_MAX_DEPTH} (introspection queries are exempt; they
 *   are off in production) and an alias limit of {@link GRAPHQL_MAX_ALIASES}.
 */
export function graphqlValidationRules(): ValidationRule[] {
  const aliases = maxAliasesRule({ n: GRAPHQL_MAX_ALIASES, onReject: report, propagateOnRejection: false })
  const depth = maxDepthRule({
    flattenFragments: true,
    ignoreIntrospection: true,
    n: GRAPHQL_MAX_DEPTH,
    onReject: report,
    propagateOnRejection: false,
  })
  return [depth as unknown as ValidationRule, aliases as unknown as ValidationRule]
}

import type { GraphQLInputObjectType, GraphQLNamedType, GraphQLObjectType, GraphQLType } from 'graphql'
import type { GraphQLExtension } from 'payload'

/** The types of a collection that carry its fields, as Payload's GraphQL builder leaves them on `collection.graphQL`. */
const FIELD_TYPES = ['mutationInputType', 'type', 'updateMutationInputType', 'versionType', 'whereInputType'] as const

/**
 * Removes each collection's top-level `hidden` fields (the search keys, fields/searchKey.ts) from its GraphQL types:
 * the document type, the version type's `version`, the `where` input and the create and update inputs. Payload
 * already leaves their values out of answers (they read as null) and refuses them in a reader's `where`; this keeps
 * them out of the schema too, so introspection does not list them and a query naming one fails validation.
 * Workaround: Payload 3.90.1 builds GraphQL types for hidden fields. It runs as `graphQL.queries`, the one hook
 * Payload calls with the built types before it makes the schema, and adds no query.
 *
 * @returns no custom queries.
 */
export const dropHiddenFields: GraphQLExtension = (graphQL, { collections }) => {
  const named = (type: GraphQLType | undefined): GraphQLNamedType | undefined =>
    type ? graphQL.getNamedType(type) : undefined
  const drop = (type: GraphQLNamedType | undefined, names: string[]) => {
    if (!type || !(graphQL.isObjectType(type) || graphQL.isInputObjectType(type))) {
      return
    }
    const fields = (type as GraphQLInputObjectType | GraphQLObjectType).getFields() as Record<string, unknown>
    for (const name of names) {
      delete fields[name]
    }
  }
  for (const { config, graphQL: types } of Object.values(collections)) {
    const names = config.fields.flatMap((field) =>
      'name' in field && 'hidden' in field && field.hidden === true ? [field.name] : [],
    )
    if (names.length === 0 || !types) {
      continue
    }
    const carriers = types as unknown as Partial<Record<(typeof FIELD_TYPES)[number], GraphQLType>>
    for (const key of FIELD_TYPES) {
      const type = named(carriers[key])
      drop(type, names)
      if (key === 'versionType' && type && graphQL.isObjectType(type)) {
        drop(named(type.getFields().version?.type), names)
      }
    }
  }
  return {}
}

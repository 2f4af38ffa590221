import type { GraphQLField, GraphQLObjectType, GraphQLOutputType } from 'graphql'
import type { Field, GraphQLExtension } from 'payload'

/**
 * Marks a number field that only ever holds whole numbers, so GraphQL types it `Int`:
 * `{ name: 'wordCount', type: 'number', custom: WHOLE_NUMBER }`.
 */
export const WHOLE_NUMBER = { graphQLType: 'Int' } as const

const isWholeNumber = (field: Field): boolean =>
  field.type === 'number' &&
  !field.hasMany &&
  (field.custom as { graphQLType?: unknown } | undefined)?.graphQLType === WHOLE_NUMBER.graphQLType

/**
 * Retypes, in the GraphQL schema Payload builds, the top-level number fields marked {@link WHOLE_NUMBER} from `Float`
 * to `Int`, in each collection's document type and in its version type (`version { … }`), keeping their
 * nullability. Mutation and `where` inputs keep `Float`, which accepts whole numbers.
 * Workaround: Payload 3.90.1 types every number field but `id` as `Float` in GraphQL and has no per-field setting.
 * It runs as `graphQL.queries`, the one hook Payload calls with the built types before it makes the schema, and adds
 * no query.
 *
 * @returns no custom queries.
 */
export const retypeWholeNumbers: GraphQLExtension = (graphQL, { collections }) => {
  const toInt = (type: GraphQLOutputType): GraphQLOutputType =>
    graphQL.isNonNullType(type) ? new graphQL.GraphQLNonNull(graphQL.GraphQLInt) : graphQL.GraphQLInt
  const retype = (objectType: GraphQLObjectType | undefined, names: string[]) => {
    const fields = objectType?.getFields() ?? {}
    for (const name of names) {
      const field: GraphQLField<unknown, unknown> | undefined = fields[name]
      if (field) {
        field.type = toInt(field.type)
      }
    }
  }
  for (const { config, graphQL: types } of Object.values(collections)) {
    const names = config.fields.filter(isWholeNumber).map((field) => (field as { name: string }).name)
    if (names.length === 0 || !types) {
      continue
    }
    retype(types.type, names)
    const versionType = (types as { versionType?: GraphQLObjectType }).versionType
    const version = versionType?.getFields().version
    if (version) {
      const inner = graphQL.getNullableType(version.type)
      retype(graphQL.isObjectType(inner) ? inner : undefined, names)
    }
  }
  return {}
}

import type { FlattenedField, SanitizedConfig } from 'payload'

import { configToJSONSchema } from 'payload'

/** A JSON Schema as the OpenAPI 3.1 document carries it (a JSON Schema 2020-12 object). */
export type Schema = Record<string, unknown>

/** Where the document keeps its named schemas, as a `$ref` prefix. */
const SCHEMAS_REF = '#/components/schemas/'

/** The suffix of a collection's schema as it appears populated inside another document. */
const POPULATED = 'Populated'

/**
 * Keys of Payload's generated JSON Schema that are not JSON Schema: hints for json-schema-to-typescript, the tool
 * generate:types feeds it to. A 2020-12 validator in strict mode refuses them.
 */
const TYPESCRIPT_ONLY_KEYS = new Set(['tsType', 'tsTypeIgnore'])

/** The schemas of the collections the document describes, and what the paths need to know about each. */
export type CollectionSchemas = {
  /** Per collection slug: its document schema's name, and the bodies its create and update take. */
  collections: Record<string, { create: Schema; name: string; update: Schema }>
  /** Named schemas, for `components.schemas`. */
  components: Record<string, Schema>
}

/**
 * Whether a client never writes a field: virtual (`virtual: true`, or a path it mirrors: computed on read), a join
 * (the other side's relationship, read only), or shown read-only in the admin panel (set by the collection's hooks:
 * an article's word count, an upload's file name and size).
 */
const isReadOnly = (field: FlattenedField): boolean =>
  Boolean((field as { virtual?: unknown }).virtual) ||
  field.type === 'join' ||
  Boolean((field as { admin?: { readOnly?: boolean } }).admin?.readOnly)

/** The fields nested in a field that holds named fields of its own (group, named tab, array), if any. */
const nestedFields = (field: FlattenedField): FlattenedField[] | undefined =>
  'flattenedFields' in field ? field.flattenedFields : undefined

/**
 * A copy of `node` without the keys only json-schema-to-typescript reads ({@link TYPESCRIPT_ONLY_KEYS}), with every
 * `$ref` to a definition (`#/definitions/authors`) turned by `refFor` into a `$ref` of the document.
 */
function toDocumentSchema(node: unknown, refFor: (definition: string) => Schema): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => toDocumentSchema(item, refFor))
  }
  if (typeof node !== 'object' || node === null) {
    return node
  }
  const { $ref } = node as { $ref?: unknown }
  if (typeof $ref === 'string' && $ref.startsWith('#/definitions/')) {
    return refFor($ref.slice('#/definitions/'.length))
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !TYPESCRIPT_ONLY_KEYS.has(key))
      .map(([key, value]) => [key, toDocumentSchema(value, refFor)]),
  )
}

/** An object schema's `properties` and `required`, as mutable values. */
type ObjectSchema = { items?: ObjectSchema; properties?: Record<string, ObjectSchema>; required?: string[] }

/** What an anonymous reader is told about a field its read access keeps from them. */
export const STAFF_ONLY_NOTE = 'Not returned to anonymous readers (field access).'

/**
 * Takes out of an object schema, in place and at every depth (groups, named tabs, arrays), the properties of fields
 * the API never returns (`hidden`: the search keys of fields/searchKey.ts, an account's hash and salt), marks the
 * ones clients never write `readOnly` ({@link isReadOnly}), and notes the ones anonymous readers do not get
 * ({@link STAFF_ONLY_NOTE}).
 *
 * @param schema - the object schema Payload generated for `fields`.
 * @param fields - the fields it was generated from (a collection's `flattenedFields`).
 * @param isPrivate - whether a field's read access keeps it from anonymous readers.
 */
function pruneReadSchema(
  schema: ObjectSchema,
  fields: FlattenedField[],
  isPrivate: (field: FlattenedField) => boolean,
): void {
  for (const field of fields) {
    const property = schema.properties?.[field.name]
    if (!property) {
      continue
    }
    if (field.hidden) {
      delete schema.properties![field.name]
      schema.required = schema.required?.filter((name) => name !== field.name)
      continue
    }
    if (isReadOnly(field)) {
      ;(property as Schema).readOnly = true
    }
    if (isPrivate(field)) {
      const { description } = property as Schema
      ;(property as Schema).description = description ? `${String(description)} ${STAFF_ONLY_NOTE}` : STAFF_ONLY_NOTE
    }
    const nested = nestedFields(field)
    if (nested) {
      pruneReadSchema(field.type === 'array' && property.items ? property.items : property, nested, isPrivate)
    }
  }
}

/** An object schema without its `readOnly` properties, at every depth (groups, arrays), and their `required` entries. */
function withoutReadOnly(schema: Schema): Schema {
  const result: Schema = { ...schema }
  if (schema.properties) {
    const kept = Object.entries(schema.properties as Record<string, Schema>).filter(
      ([, property]) => !property.readOnly,
    )
    result.properties = Object.fromEntries(kept.map(([name, property]) => [name, withoutReadOnly(property)]))
    if (Array.isArray(schema.required)) {
      result.required = (schema.required as string[]).filter((name) => name in (result.properties as object))
    }
  }
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    result.items = withoutReadOnly(schema.items as Schema)
  }
  return result
}

/**
 * The body a create (or, with `isUpdate`, an update) takes, from a document's read schema: no `id`, no timestamps
 * Payload sets, no `readOnly` properties at any depth; an update requires nothing at the top.
 */
function writeSchema(read: Schema, { isUpdate }: { isUpdate: boolean }): Schema {
  const properties = Object.fromEntries(
    Object.entries(read.properties as Record<string, Schema>).filter(
      ([name]) => !['createdAt', 'deletedAt', 'id', 'updatedAt'].includes(name),
    ),
  )
  const body = withoutReadOnly({ ...read, properties })
  if (isUpdate) {
    body.required = []
  }
  delete body.title
  return body
}

/**
 * The JSON Schemas of the given collections' documents, from Payload's own JSON Schema generation
 * (`configToJSONSchema`, what `payload generate:types` turns into src/payload-types.ts), so the document describes
 * the fields, relationships, joins and upload properties the types do, for the database's id type. Then:
 * - hidden fields are taken out (they never reach a client); virtual, join and computed fields are marked
 *   `readOnly` and left out of request bodies;
 * - a document inside another (a populated relationship, upload or join) refers to the collection's `…Populated`
 *   schema: the same properties with only `id` required, since `defaultPopulate` and `select` return a subset;
 * - a relationship to a collection not described here (not readable by the public) is its id or some object.
 *
 * @param config - the sanitised config.
 * @param slugs - the collections to describe (in that order), e.g. `['articles', 'authors']`.
 * @param isPrivate - whether a field's read access keeps it from anonymous readers (noted in its description).
 * @returns the named schemas and, per slug, the schema name (Payload's interface name: `Article`) and write bodies.
 * @throws Error when a slug is not a collection of the config.
 */
export function collectionSchemas(
  config: SanitizedConfig,
  slugs: string[],
  isPrivate: (field: FlattenedField) => boolean = () => false,
): CollectionSchemas {
  const generated = configToJSONSchema(config, config.db.defaultIDType)
  const definitions = generated.definitions as Record<string, Schema>
  const nameOf = (slug: string): string => {
    const title = definitions[slug]?.title
    if (typeof title !== 'string') {
      throw new Error(`collectionSchemas: "${slug}" is not a collection of this config.`)
    }
    return title
  }
  const names = Object.fromEntries(slugs.map((slug) => [slug, nameOf(slug)]))
  const components: Record<string, Schema> = {}
  const refFor = (definition: string): Schema => {
    if (definition in names) {
      return { $ref: `${SCHEMAS_REF}${names[definition]}${POPULATED}` }
    }
    if (definitions[definition] && !config.collections.some(({ slug }) => slug === definition)) {
      // A shared definition (`supportedTimezones`): carried over under its own name.
      components[definition] ??= toDocumentSchema(definitions[definition], refFor) as Schema
      return { $ref: `${SCHEMAS_REF}${definition}` }
    }
    return { type: 'object', description: 'A document of a collection this API description does not cover.' }
  }
  const collections: CollectionSchemas['collections'] = {}
  for (const slug of slugs) {
    const collection = config.collections.find((entry) => entry.slug === slug)!
    const read = toDocumentSchema(definitions[slug], refFor) as ObjectSchema & Schema
    pruneReadSchema(read, collection.flattenedFields, isPrivate)
    const name = names[slug]
    components[name] = read
    components[`${name}${POPULATED}`] = {
      ...read,
      description: `${name} inside another document: which properties are present depends on the collection's default population and on \`select\`/\`populate\`.`,
      required: ['id'],
      title: `${name}${POPULATED}`,
    }
    collections[slug] = {
      name,
      create: writeSchema(read, { isUpdate: false }),
      update: writeSchema(read, { isUpdate: true }),
    }
  }
  return { collections, components }
}

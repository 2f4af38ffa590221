import type { FlattenedField, Payload, PayloadRequest, SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import type { Schema } from './schemas'

import { ANONYMOUS_LIST_LIMIT, MAX_PAGE } from '../../plugins/apiGuards/hooks/validateListQuery'
import { collectionSchemas } from './schemas'

/** Where the document is served, under the API's mount (`routes.api`). */
export const OPENAPI_PATH = '/openapi.json'

/** The version of the contract the document states (`info.version`): raised when a change breaks clients. */
const CONTRACT_VERSION = '1.0.0'

/** The OpenAPI version the document follows: 3.1, whose schemas are JSON Schema 2020-12. */
const OPENAPI_VERSION = '3.1.0'

/**
 * Parts of the document, loosely typed: openapi-types' 3.1 types reject valid 3.1 schemas (`contentSchema`, type
 * arrays); the contract test validates the whole document against the OpenAPI 3.1 schema instead.
 */
type Json = Record<string, unknown>
type Operation = Json
type Parameter = Json

/** A `$ref` to one of the document's components (`schemas`, `parameters`, `responses`). */
const ref = (kind: 'parameters' | 'responses' | 'schemas', name: string) => ({ $ref: `#/components/${kind}/${name}` })

/** A JSON body of the given schema, for a response or a request body's `content`. */
const json = (schema: Schema) => ({ 'application/json': { schema } })

/** Payload's error shape, `{ errors: [{ message, … }] }`, as every error of the API answers it. */
const ERROR_SCHEMA: Schema = {
  type: 'object',
  description:
    'Payload\'s error shape. A validation error (400) has `name: "ValidationError"` and `data.errors`: `[{ message, path }]`, one per field.',
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          data: { description: 'More about the error, when there is more (e.g. the fields at fault).' },
          message: { type: 'string' },
        },
        required: ['message'],
      },
      minItems: 1,
    },
  },
  required: ['errors'],
}

/** The error answers operations share, by status. */
const ERROR_RESPONSES: Record<string, { description: string; name: string }> = {
  400: { name: 'BadRequest', description: 'The request is malformed; the message names the parameter or field.' },
  401: { name: 'Unauthorized', description: 'The credentials are wrong or missing.' },
  403: { name: 'Forbidden', description: 'Not allowed: log in, or your roles do not allow it.' },
  404: {
    name: 'NotFound',
    description: 'No such document, or not one you may see (drafts are not found anonymously).',
  },
  429: { name: 'TooManyRequests', description: 'Too many requests from this client; try again later.' },
}

/** The error answers `statuses` name, as `responses` entries. */
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ref('responses', ERROR_RESPONSES[status].name)]))

/** Either credential, or (for reads) none: an anonymous reader sees what the collection's read access allows. */
const OPTIONAL_LOGIN: Json[] = [{}, { jwt: [] }, { cookie: [] }]
const REQUIRED_LOGIN: Json[] = [{ jwt: [] }, { cookie: [] }]

/** Every field of Payload's paginated list answer (`PaginatedDocs`), each always present. */
const PAGINATION: Record<string, Schema> = {
  hasNextPage: { type: 'boolean' },
  hasPrevPage: { type: 'boolean' },
  limit: { type: 'integer' },
  nextPage: { type: ['integer', 'null'] },
  page: { type: 'integer' },
  pagingCounter: {
    type: 'integer',
    description: "The position of the page's first document in the whole list, from 1.",
  },
  prevPage: { type: ['integer', 'null'] },
  totalDocs: { type: 'integer' },
  totalPages: { type: 'integer' },
}

/** The query parameters of reads, as named components. */
function readParameters(config: SanitizedConfig): Record<string, Parameter> {
  return {
    depth: {
      name: 'depth',
      description: `How many levels of relationships to populate with documents (0: ids only).`,
      in: 'query',
      schema: { type: 'integer', default: config.defaultDepth, maximum: config.maxDepth, minimum: 0 },
    },
    draft: {
      name: 'draft',
      description:
        'Read the newest draft of each document; for logged-in users (anonymous readers see published ones).',
      in: 'query',
      schema: { type: 'boolean' },
    },
    limit: {
      name: 'limit',
      description: `Documents per page. Anonymous readers may ask for at most ${ANONYMOUS_LIST_LIMIT}, and not for 0 (everything).`,
      in: 'query',
      schema: { type: 'integer', default: 10, minimum: 0 },
    },
    page: {
      name: 'page',
      in: 'query',
      schema: { type: 'integer', default: 1, maximum: MAX_PAGE, minimum: 1 },
    },
    pagination: {
      name: 'pagination',
      description: `\`false\` returns every match in one page; anonymous readers need a \`limit\` from 1 to ${ANONYMOUS_LIST_LIMIT} with it.`,
      in: 'query',
      schema: { type: 'boolean', default: true },
    },
    select: {
      name: 'select',
      description:
        'The fields to return (`select[title]=true&select[slug]=true`) or to leave out (`select[content]=false`); `id` always comes back. Fields left out are absent from the answer, required in the schema or not.',
      explode: true,
      in: 'query',
      schema: { type: 'object', additionalProperties: true },
      style: 'deepObject',
    },
    sort: {
      name: 'sort',
      description: 'A field name, `-` first for descending order; several separated by commas (`-publishedAt,title`).',
      example: '-publishedAt',
      in: 'query',
      schema: { type: 'string' },
    },
    trash: {
      name: 'trash',
      description: 'Include documents in the trash; for logged-in users (anonymous readers never see the trash).',
      in: 'query',
      schema: { type: 'boolean' },
    },
    where: {
      name: 'where',
      description:
        "Payload's query, in bracket notation: `where[slug][equals]=my-story`, `where[title][like]=morocco` (case and accents folded), `where[or][0][tags][in]=3&where[or][1][authors][in]=4`. Operators: equals, not_equals, in, not_in, all, exists, greater_than, greater_than_equal, less_than, less_than_equal, like, not_like, contains. A malformed query answers 400 naming the problem.",
      explode: true,
      in: 'query',
      schema: { type: 'object', additionalProperties: true },
      style: 'deepObject',
    },
  }
}

/** PascalCase of a slug: `articles` → `Articles`, `payload-jobs` → `PayloadJobs`. */
const pascal = (slug: string): string =>
  slug
    .split(/[-_]/u)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')

/** The read parameters (by component name) that apply to a collection: drafts and trash only where it keeps them. */
const readParametersOf = (collection: SanitizedCollectionConfig, names: string[]): Array<{ $ref: string }> =>
  names
    .filter((name) => name !== 'draft' || Boolean(collection.versions?.drafts))
    .filter((name) => name !== 'trash' || Boolean(collection.trash))
    .map((name) => ref('parameters', name))

/** A write's answer: Payload's `{ doc, message }`. */
const writeResult = (name: string): Schema => ({
  type: 'object',
  properties: { doc: ref('schemas', name), message: { type: 'string' } },
  required: ['doc', 'message'],
})

/** The request body of a create: JSON, or for an upload collection, the file with the other fields. */
function createBody(collection: SanitizedCollectionConfig, body: Schema): Json {
  if (!collection.upload) {
    return { content: json(body), required: true }
  }
  return {
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            _payload: {
              type: 'string',
              contentMediaType: 'application/json',
              contentSchema: body,
              description: 'The other fields, as one JSON object.',
            },
            file: { type: 'string', contentMediaType: 'application/octet-stream' },
          },
          required: ['file', '_payload'],
        },
      },
    },
    required: true,
  }
}

/**
 * The paths of one collection: list, count and create; read, update and delete by id. Reads are open to
 * whatever the collection's read access lets an anonymous reader see; writes need a login (and the roles the
 * collection's access asks for).
 */
function collectionPaths({
  apiRoute,
  collection,
  schemas,
}: {
  apiRoute: string
  collection: SanitizedCollectionConfig
  schemas: { create: Schema; name: string; update: Schema }
}): Record<string, Json> {
  const { name } = schemas
  const plural = pascal(collection.slug)
  const tags = [plural]
  const base = `${apiRoute}/${collection.slug}`
  const list: Operation = {
    operationId: `list${plural}`,
    parameters: readParametersOf(collection, [
      'where',
      'sort',
      'limit',
      'page',
      'pagination',
      'depth',
      'select',
      'draft',
      'trash',
    ]),
    responses: {
      200: { content: json(ref('schemas', `${name}List`)), description: 'One page of matches.' },
      ...errors(400),
    },
    security: OPTIONAL_LOGIN,
    summary: `List ${plural.toLowerCase()}`,
    tags,
  }
  const count: Operation = {
    operationId: `count${plural}`,
    parameters: readParametersOf(collection, ['where', 'draft', 'trash']),
    responses: {
      200: {
        content: json({ type: 'object', properties: { totalDocs: { type: 'integer' } }, required: ['totalDocs'] }),
        description: 'How many documents match.',
      },
      ...errors(400),
    },
    security: OPTIONAL_LOGIN,
    summary: `Count ${plural.toLowerCase()}`,
    tags,
  }
  const create: Operation = {
    operationId: `create${name}`,
    parameters: [ref('parameters', 'depth')],
    requestBody: createBody(collection, schemas.create),
    responses: { 201: { content: json(writeResult(name)), description: 'Created.' }, ...errors(400, 403) },
    security: REQUIRED_LOGIN,
    summary: `Create ${name}`,
    tags,
  }
  const byId: Operation = {
    operationId: `get${name}`,
    parameters: readParametersOf(collection, ['depth', 'select', 'draft', 'trash']),
    responses: {
      200: { content: json(ref('schemas', name)), description: `The ${name.toLowerCase()}.` },
      ...errors(400, 404),
    },
    security: OPTIONAL_LOGIN,
    summary: `Read ${name} by id`,
    tags,
  }
  const update: Operation = {
    operationId: `update${name}`,
    parameters: readParametersOf(collection, ['depth', 'draft']),
    requestBody: { content: json(schemas.update), required: true },
    responses: { 200: { content: json(writeResult(name)), description: 'Updated.' }, ...errors(400, 403, 404) },
    security: REQUIRED_LOGIN,
    summary: `Update ${name}`,
    tags,
  }
  const remove: Operation = {
    operationId: `delete${name}`,
    responses: { 200: { content: json(writeResult(name)), description: 'Deleted.' }, ...errors(403, 404) },
    security: REQUIRED_LOGIN,
    summary: collection.trash
      ? `Delete ${name} for good (\`PATCH\` with \`deletedAt\` moves it to the trash)`
      : `Delete ${name}`,
    tags,
  }
  return {
    [`${base}/{id}`]: {
      delete: remove,
      get: byId,
      parameters: [ref('parameters', 'id')],
      patch: update,
    },
    [`${base}/count`]: { get: count },
    [base]: { get: list, post: create },
  }
}

/** The login, logout and current-account paths of the auth collection the admin panel logs in to. */
function authPaths({ name, slug, apiRoute }: { apiRoute: string; name: string; slug: string }) {
  const tags = ['Auth']
  const base = `${apiRoute}/${slug}`
  const session = {
    exp: { type: 'integer', description: 'When the token expires, in seconds since 1970.' },
    token: { type: 'string', description: 'A JWT for the `Authorization: JWT <token>` header.' },
  }
  return {
    [`${base}/login`]: {
      post: {
        description: 'Also sets the session cookie. Wrong credentials and locked accounts get the same answer.',
        operationId: 'login',
        requestBody: {
          content: json({
            type: 'object',
            properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
            required: ['email', 'password'],
          }),
          required: true,
        },
        responses: {
          200: {
            content: json({
              type: 'object',
              properties: { ...session, message: { type: 'string' }, user: ref('schemas', name) },
              required: ['exp', 'message', 'token', 'user'],
            }),
            description: 'Logged in.',
          },
          ...errors(400, 401, 429),
        },
        security: [{}],
        summary: 'Log in',
        tags,
      },
    },
    [`${base}/logout`]: {
      post: {
        description: 'Ends the session: the token stops working, and the cookie is cleared.',
        operationId: 'logout',
        responses: {
          200: {
            content: json({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] }),
            description: 'Logged out.',
          },
          ...errors(400),
        },
        security: REQUIRED_LOGIN,
        summary: 'Log out',
        tags,
      },
    },
    [`${base}/me`]: {
      get: {
        operationId: 'me',
        responses: {
          200: {
            content: json({
              type: 'object',
              properties: {
                ...session,
                collection: { type: 'string' },
                message: { type: 'string' },
                strategy: { type: 'string' },
                user: { oneOf: [ref('schemas', name), { type: 'null' }] },
              },
              required: ['user'],
            }),
            description: 'The account logged in, or `user: null` without a login.',
          },
        },
        security: OPTIONAL_LOGIN,
        summary: 'The current account',
        tags,
      },
    },
  }
}

/** A request without a user, for asking access rules what an anonymous reader gets. */
const anonymousRequest = (payload: Payload) => ({ context: {}, payload, user: null }) as unknown as PayloadRequest

/**
 * The fields, at every depth, whose read access keeps them from anonymous readers (it answers `false`, or cannot be
 * judged without a real request).
 */
async function privateFields(fields: FlattenedField[], payload: Payload, found = new Set<FlattenedField>()) {
  for (const field of fields) {
    const read = 'access' in field ? field.access?.read : undefined
    if (read) {
      const isAllowed = await Promise.resolve()
        .then(() => read({ req: anonymousRequest(payload) } as Parameters<typeof read>[0]))
        .catch(() => false)
      if (!isAllowed) {
        found.add(field)
      }
    }
    if ('flattenedFields' in field) {
      await privateFields(field.flattenedFields, payload, found)
    }
  }
  return found
}

/**
 * Whether an anonymous reader may read some of a collection: its `read` access, called without a user, does not
 * answer `false` (a `Where`, such as "published only", is some). An access rule that cannot be judged without a
 * real request (it throws) counts as closed.
 */
async function isPublic(collection: SanitizedCollectionConfig, payload: Payload): Promise<boolean> {
  try {
    return (await collection.access.read({ req: anonymousRequest(payload) })) !== false
  } catch {
    return false
  }
}

/**
 * The collections the document describes: those an anonymous reader may read some of ({@link isPublic}), not
 * Payload's own (`payload-*`), in the config's order. The auth collection (`users`) is private, so only its
 * login paths are described.
 *
 * @param payload - the instance (its sanitised config; access rules get it on their request).
 * @returns the slugs.
 */
export async function publicCollections(payload: Payload): Promise<string[]> {
  const slugs: string[] = []
  for (const collection of payload.config.collections) {
    if (!collection.slug.startsWith('payload-') && !collection.auth && (await isPublic(collection, payload))) {
      slugs.push(collection.slug)
    }
  }
  return slugs
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the sanitised config: each public collection's list,
 * count, read, create, update and delete ({@link publicCollections}), the auth collection's login, logout and `me`,
 * and this document itself. Field schemas come from Payload's own JSON Schema generation
 * ({@link collectionSchemas}); parameters are `where`, `sort`, `depth`, `select` and paging (with the limits
 * plugins/apiGuards applies to anonymous readers); errors are Payload's `{ errors: [{ message }] }`; credentials
 * are the JWT header or the session cookie Payload sets at login.
 *
 * @param args.payload - the instance.
 * @param args.collections - the collections to describe; by default {@link publicCollections}.
 * @returns the document, a plain JSON value.
 */
export async function buildOpenApiDocument({
  collections,
  payload,
}: {
  collections?: string[]
  payload: Payload
}): Promise<Json> {
  const { config } = payload
  const slugs = collections ?? (await publicCollections(payload))
  const authSlug = config.admin.user
  const described = [...slugs, authSlug]
  const restricted = new Set<FlattenedField>()
  for (const slug of described) {
    const collection = config.collections.find((entry) => entry.slug === slug)
    await privateFields(collection?.flattenedFields ?? [], payload, restricted)
  }
  const { collections: schemas, components } = collectionSchemas(config, described, (field) => restricted.has(field))
  const apiRoute = config.routes.api
  const authName = schemas[authSlug].name
  const account = components[authName] as { properties: Record<string, Schema>; required: string[] }
  // `me` and `login` add the strategy that authenticated the account to the user they return.
  account.properties._strategy = { type: 'string', description: 'How the account authenticated (e.g. `local-jwt`).' }
  // Payload 3.90.1 sets it to null in the user the login answers (payload/dist/auth/sessions.js, so that adding the
  // session does not change it): null on SQLite, left out on MongoDB. The stored value, which `me` answers, is kept.
  account.properties.updatedAt = { type: ['string', 'null'], description: 'Null or absent in the answer to a login.' }
  account.required = account.required.filter((name) => name !== 'updatedAt')
  const paths: Record<string, Json> = {
    [`${apiRoute}${OPENAPI_PATH}`]: {
      get: {
        operationId: 'openapi',
        responses: { 200: { content: json({ type: 'object' }), description: 'This document.' } },
        security: [{}],
        summary: 'This OpenAPI document',
        tags: ['Meta'],
      },
    },
    ...authPaths({ name: authName, slug: authSlug, apiRoute }),
  }
  for (const slug of slugs) {
    const collection = config.collections.find((entry) => entry.slug === slug)!
    Object.assign(paths, collectionPaths({ apiRoute, collection, schemas: schemas[slug] }))
    const { name } = schemas[slug]
    components[`${name}List`] = {
      type: 'object',
      properties: { ...PAGINATION, docs: { type: 'array', items: ref('schemas', name) } },
      required: ['docs', ...Object.keys(PAGINATION)],
    }
  }
  const idSchema = config.db.defaultIDType === 'number' ? { type: 'integer' } : { type: 'string' }
  return {
    components: {
      parameters: {
        ...readParameters(config),
        id: { name: 'id', description: "The document's id.", in: 'path', required: true, schema: idSchema },
      },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description }) => [
          name,
          { content: json(ref('schemas', 'Error')), description },
        ]),
      ),
      schemas: { ...components, Error: ERROR_SCHEMA },
      securitySchemes: {
        cookie: {
          name: `${config.cookiePrefix}-token`,
          type: 'apiKey',
          description: 'The session cookie login sets; accepted from the origins the API allows (CSRF).',
          in: 'cookie',
        },
        jwt: {
          name: 'Authorization',
          type: 'apiKey',
          description: 'The token login returns, as `Authorization: JWT <token>`.',
          in: 'header',
        },
      },
    },
    info: {
      description:
        'The REST API of the newsroom CMS, generated from its Payload config. Anonymous readers see published articles and every author, tag and image; staff log in for drafts and writes. GraphQL is at `/api/graphql`.',
      title: 'Newsdesk API',
      version: CONTRACT_VERSION,
    },
    openapi: OPENAPI_VERSION,
    paths,
    ...(config.serverURL ? { servers: [{ url: config.serverURL }] } : {}),
    tags: [{ name: 'Auth' }, ...slugs.map((slug) => ({ name: pascal(slug) })), { name: 'Meta' }],
  }
}

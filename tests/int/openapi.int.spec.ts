// The OpenAPI document against the running API: the document is valid OpenAPI 3.1, describes only what is public,
// and every documented read answers what the document says, checked by a JSON Schema 2020-12 validator.
import type { ValidateFunction } from 'ajv/dist/2020'

import { validate } from '@readme/openapi-parser'
import { Ajv2020 } from 'ajv/dist/2020'

import type { TestPayload } from '../helpers/payload'

import { importDocuments } from '../../seed/importDocuments'
import { openApiJson } from '../../src/openapi/endpoints'
import { STAFF_ONLY_NOTE } from '../../src/openapi/schemas'
import { restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { loginAs, startPayload } from '../helpers/payload'
import { SAMPLE, samplePath } from '../helpers/sample'

// any: the document and answers are read by path, as JSON, and checked by the validator, not by the compiler.
type Json = Record<string, any>

/** The `$id` the document's components are registered under, so response schemas can refer to them. */
const DOCUMENT_ID = 'urn:newsdesk:openapi'

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let document: Json
let editorToken: string
/** Real ids of the seeded documents, by collection. */
const ids: Record<string, number | string> = {}

beforeAll(async () => {
  ctx = await startPayload('openapi')
  rest = restClient(ctx.config)
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const data = await png({ height: 20, width: 40 })
  const image = await ctx.payload.create({
    collection: 'media',
    data: { alt: 'A blue field', credit: 'Newsdesk' },
    file: { name: 'blue.png', data, mimetype: 'image/png', size: data.length },
  })
  const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Security' } })
  const [article] = (await ctx.payload.find({ collection: 'articles', where: { slug: { equals: SAMPLE.slug } } })).docs
  await ctx.payload.update({ id: article.id, collection: 'articles', data: { heroImage: image.id, tags: [tag.id] } })
  const [author] = (await ctx.payload.find({ collection: 'authors', where: { slug: { equals: SAMPLE.author.slug } } }))
    .docs
  await ctx.payload.update({ id: author.id, collection: 'authors', data: { avatar: image.id } })
  Object.assign(ids, { articles: article.id, authors: author.id, media: image.id, tags: tag.id })
  editorToken = await loginAs(ctx.payload, ['editor'])
  document = (await rest.get('openapi.json')).body
})

afterAll(async () => {
  await ctx.stop()
})

/** `node` with every `$ref` into the document (`#/components/…`) made absolute, under {@link DOCUMENT_ID}. */
function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(absoluteRefs)
  }
  if (typeof node !== 'object' || node === null) {
    return node
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${DOCUMENT_ID}${value}`
        : absoluteRefs(value),
    ]),
  )
}

/**
 * A validator (JSON Schema 2020-12, strict: a keyword it does not know is an error) for the JSON answer the
 * document states for `status` of `method path`.
 */
function responseValidator(openapi: Json, path: string, status: number, method = 'get'): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  ajv.addKeyword('components')
  ajv.addSchema({ $id: DOCUMENT_ID, components: openapi.components })
  let response = openapi.paths[path][method].responses[status]
  if (response.$ref) {
    response = openapi.components.responses[response.$ref.split('/').pop()]
  }
  return ajv.compile(absoluteRefs(response.content['application/json'].schema) as Json)
}

/** What a validator found wrong, as `path: message` lines (empty when the value is valid). */
function problems(check: ValidateFunction, value: unknown): string[] {
  check(value)
  return (check.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message}`)
}

describe('the OpenAPI document', () => {
  it('should be served anonymously at /api/openapi.json', async () => {
    const { body, status } = await rest.get('openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
  })

  it('should be built once per instance, not per request', () => {
    expect(openApiJson(ctx.payload)).toBe(openApiJson(ctx.payload))
  })

  it('should be valid OpenAPI 3.1 for @readme/openapi-parser', async () => {
    const result = await validate(structuredClone(document) as never)
    expect(result).toMatchObject({ specification: 'OpenAPI', valid: true, warnings: [] })
  })

  it('should describe the public collections, the login paths and itself, and nothing else', () => {
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/openapi.json',
        '/api/users/login',
        '/api/users/logout',
        '/api/users/me',
        ...['articles', 'authors', 'media', 'tags'].flatMap((slug) => [
          `/api/${slug}`,
          `/api/${slug}/count`,
          `/api/${slug}/{id}`,
        ]),
      ].sort(),
    )
  })

  it.each([
    'searchTitle',
    'searchName',
    '"hash"',
    '"salt"',
    'resetPasswordToken',
    'loginAttempts',
    'payload-jobs',
    'payload-locked-documents',
    'payload-preferences',
    'payload-migrations',
  ])('should not mention %s, which no reader ever gets', (word) => {
    expect(JSON.stringify(document)).not.toContain(word)
  })

  it('should give articles the fields of the config, relationships as ids or documents', () => {
    const { properties, required } = document.components.schemas.Article
    expect(required).toEqual(['id', 'title', 'updatedAt', 'createdAt'])
    expect(properties.wordCount).toEqual({
      type: ['number', 'null'],
      description: 'Computed from the body on every save.',
      readOnly: true,
    })
    expect(properties.authors.items.oneOf).toEqual([properties.id, { $ref: '#/components/schemas/AuthorPopulated' }])
  })

  it.each([
    ['Author', 'email'],
    ['Author', 'needsReview'],
    ['Article', 'source'],
  ])('should say that %s.%s is not returned to anonymous readers', (schema, field) => {
    expect(document.components.schemas[schema].properties[field].description).toContain(STAFF_ONLY_NOTE)
  })

  it('should not say so of a field everyone reads', () => {
    expect(document.components.schemas.Author.properties.bio.description).toBeUndefined()
  })

  it.each([
    ['articles', 'wordCount'],
    ['articles', 'readingTime'],
    ['articles', 'source'],
    ['authors', 'articles'],
  ])('should leave what hooks and joins set out of the %s create body (%s)', (slug, name) => {
    const body = document.paths[`/api/${slug}`].post.requestBody.content['application/json'].schema
    expect(Object.keys(body.properties)).not.toContain(name)
  })

  it('should take an upload as the file with the other fields as JSON, without what the upload sets', () => {
    const { schema } = document.paths['/api/media'].post.requestBody.content['multipart/form-data']
    expect(schema.required).toEqual(['file', '_payload'])
    expect(Object.keys(schema.properties._payload.contentSchema.properties)).toEqual([
      'alt',
      'caption',
      'credit',
      'focalX',
      'focalY',
      'sizes',
    ])
  })

  it('should state the depth limits of the config', () => {
    expect(document.components.parameters.depth.schema).toEqual({ type: 'integer', default: 1, maximum: 5, minimum: 0 })
  })
})

/** Every documented read, with a real request for it: a path of the document and the URL (relative to /api). */
const READS: Array<[path: string, url: (id: Record<string, number | string>) => string]> = [
  ['/api/articles', () => 'articles'],
  ['/api/articles', () => 'articles?depth=0'],
  ['/api/articles', () => 'articles?depth=2'],
  ['/api/articles', () => `articles?where[slug][equals]=${SAMPLE.slug}&sort=-publishedAt,title&limit=5&page=1`],
  ['/api/articles/count', () => 'articles/count'],
  ['/api/articles/{id}', (id) => `articles/${id.articles}`],
  ['/api/articles/{id}', (id) => `articles/${id.articles}?depth=3`],
  ['/api/authors', () => 'authors?depth=2'],
  ['/api/authors/count', () => 'authors/count'],
  ['/api/authors/{id}', (id) => `authors/${id.authors}`],
  ['/api/media', () => 'media'],
  ['/api/media/count', () => 'media/count'],
  ['/api/media/{id}', (id) => `media/${id.media}`],
  ['/api/tags', () => 'tags'],
  ['/api/tags/count', () => 'tags/count'],
  ['/api/tags/{id}', (id) => `tags/${id.tags}`],
  ['/api/users/me', () => 'users/me'],
  ['/api/openapi.json', () => 'openapi.json'],
]

describe('each documented read against the real answer', () => {
  it('should cover every GET the document describes', () => {
    const documented = Object.entries(document.paths as Json)
      .filter(([, item]) => item.get)
      .map(([path]) => path)
    expect([...new Set(READS.map(([path]) => path))].sort()).toEqual(documented.sort())
  })

  it.each(READS)('should answer %s (%p) anonymously as documented', async (path, url) => {
    const { body, status } = await rest.get(url(ids))
    expect(status).toBe(200)
    expect(problems(responseValidator(document, path, 200), body)).toEqual([])
  })

  it.each(READS)('should answer %s (%p) to a logged-in editor as documented', async (path, url) => {
    const { body, status } = await rest.get(url(ids), { token: editorToken })
    expect(status).toBe(200)
    expect(problems(responseValidator(document, path, 200), body)).toEqual([])
  })

  it('should return real documents, not empty lists, to check', async () => {
    const { body } = await rest.get('articles?depth=2')
    expect(body.docs[0]).toMatchObject({
      authors: [{ name: SAMPLE.author.name }],
      heroImage: { alt: 'A blue field' },
      tags: [{ name: 'Security' }],
      title: SAMPLE.title,
    })
  })

  it('should answer a select with the selected fields and id only, as its parameter says', async () => {
    const { body } = await rest.get(`articles/${ids.articles}?select[title]=true&select[authors]=true`)
    expect(Object.keys(body).sort()).toEqual(['authors', 'id', 'title'])
    expect(document.components.parameters.select.description).toContain('Fields left out are absent from the answer')
  })

  it('should answer a missing document with the documented error shape', async () => {
    const { body, status } = await rest.get('articles/999999999')
    expect(status).toBe(404)
    expect(problems(responseValidator(document, '/api/articles/{id}', 404), body)).toEqual([])
  })

  it('should answer a malformed query with the documented error shape', async () => {
    const { body, status } = await rest.get('articles?where[nope][equals]=1')
    expect(status).toBe(400)
    expect(problems(responseValidator(document, '/api/articles', 400), body)).toEqual([])
  })

  // Payload 3.90.1 blanks the account's updatedAt in the login answer (auth/sessions.js, so the session write does
  // not change it): null on SQLite, absent on MongoDB. The document says so.
  it('should answer a login as documented', async () => {
    const email = 'contract-login@newsdesk.test'
    const password = 'pw-contract-0123456789'
    await ctx.payload.create({ collection: 'users', data: { email, password, roles: ['editor'] } })
    const { body, status } = await rest.post('users/login', { body: { email, password } })
    expect(status).toBe(200)
    expect(problems(responseValidator(document, '/api/users/login', 200, 'post'), body)).toEqual([])
  })

  it('should take a documented create body and answer as documented', async () => {
    const data = { name: 'Contract tag' }
    const requestSchema = document.paths['/api/tags'].post.requestBody.content['application/json'].schema
    const ajv = new Ajv2020({ strict: true })
    expect(ajv.validate(requestSchema, data)).toBe(true)
    const { body, status } = await rest.post('tags', { body: data, token: editorToken })
    expect(status).toBe(201)
    expect(problems(responseValidator(document, '/api/tags', 201, 'post'), body)).toEqual([])
  })

  it('should refuse an anonymous create with the documented error shape', async () => {
    const { body, status } = await rest.post('tags', { body: { name: 'Anonymous tag' } })
    expect(status).toBe(403)
    expect(problems(responseValidator(document, '/api/tags', 403, 'post'), body)).toEqual([])
  })

  it('should find a real answer invalid when a field is documented with the wrong type', async () => {
    const wrong = structuredClone(document)
    wrong.components.schemas.Article.properties.wordCount = { type: 'string' }
    const { body } = await rest.get('articles')
    expect(problems(responseValidator(wrong, '/api/articles', 200), body)).toEqual([
      '/docs/0/wordCount: must be string',
    ])
  })

  it('should find a real answer invalid when the document leaves a returned field out', async () => {
    const wrong = structuredClone(document)
    delete wrong.components.schemas.Tag.properties.slug
    const { body } = await rest.get(`tags/${ids.tags}`)
    expect(problems(responseValidator(wrong, '/api/tags/{id}', 200), body)).toEqual([
      '/: must NOT have additional properties',
    ])
  })
})

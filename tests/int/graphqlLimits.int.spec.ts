import { Lexer, Source, TokenKind } from 'graphql'

import type { TestPayload } from '../helpers/payload'

import {
  GRAPHQL_MAX_ALIASES,
  GRAPHQL_MAX_BODY_BYTES,
  GRAPHQL_MAX_DEPTH,
  GRAPHQL_MAX_TOKENS,
} from '../../src/graphqlLimits'
import { graphqlGET } from '../../src/graphqlRoute'
import { graphqlClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'

// maxComplexity (src/payload.config.ts) is set from these real queries (the article page measured 81): each must
// pass, while three article pages in one request (243) must not, so the limit stays near 2.5× real use.
let ctx: TestPayload
let graphql: ReturnType<typeof graphqlClient>

beforeAll(async () => {
  ctx = await startPayload('graphql-limits')
  graphql = graphqlClient(ctx.config)
})

afterAll(async () => {
  await ctx.stop()
})

const REAL_QUERIES = {
  articlePage:
    '{ Articles(where: { slug: { equals: "x" } }) { docs { id title slug excerpt content publishedAt readingTime wordCount heroImage { url alt width height sizes { card { url width } hero { url width } } } authors { name slug avatar { url } } tags { name slug } meta { title description canonicalUrl image { url } } } } }',
  authorPage:
    '{ Authors(where: { slug: { equals: "x" } }) { docs { name slug bio avatar { url alt } articles(limit: 10) { docs { title slug publishedAt } hasNextPage } } } }',
  homepage:
    '{ Articles(limit: 20, sort: "-publishedAt") { docs { title slug excerpt publishedAt readingTime heroImage { url alt } authors { name slug } tags { name slug } } totalDocs hasNextPage } }',
}

it.each(Object.entries(REAL_QUERIES))('should answer the real %s query', async (_name, query) => {
  const { body } = await graphql(query)
  expect(body.errors).toBeUndefined()
})

it('should refuse three article pages in one request', async () => {
  const page = REAL_QUERIES.articlePage.slice(1, -1)
  const { body } = await graphql(`{ a: ${page} b: ${page} c: ${page} }`)
  expect(body.errors?.[0]?.message).toBe('The query exceeds the maximum complexity of 200. Actual complexity is 243')
})

// A request that passed validation is not validated again (src/graphqlHandler.ts): its variables belong to it.
it('should judge a query by its variables each time, though it passed before with others', async () => {
  const page = REAL_QUERIES.articlePage.slice(1, -1)
  const optional = page.replace(') { docs', ') @include(if: $all) { docs')
  const query = `query Pages($all: Boolean!) { a: ${page} b: ${optional} c: ${optional} }`
  const outcomes = []
  for (const all of [false, true, false, true]) {
    const { body } = await graphql(query, { variables: { all } })
    outcomes.push(body.errors?.[0]?.message ?? 'answered')
  }
  const refused = 'The query exceeds the maximum complexity of 200. Actual complexity is 243'
  expect(outcomes).toStrictEqual(['answered', refused, 'answered', refused])
})

it('should refuse 20 aliases of the article list, by complexity and by count', async () => {
  const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: Articles { docs { title authors { name } } }`).join(' ')
  const { body } = await graphql(`{ ${aliases} }`)
  const messages = body.errors?.map((error: { message: string }) => error.message)
  expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/exceeds the maximum complexity of 200/)]))
  expect(messages).toEqual(
    expect.arrayContaining([`Syntax Error: Aliases limit of ${GRAPHQL_MAX_ALIASES} exceeded, found 20.`]),
  )
  expect(body.data ?? null).toBeNull()
})

it(`should refuse ${GRAPHQL_MAX_ALIASES + 1} aliases even of a cheap list`, async () => {
  const aliases = Array.from({ length: GRAPHQL_MAX_ALIASES + 1 }, (_, i) => `a${i}: Tags(limit: 1) { totalDocs }`).join(
    ' ',
  )
  const { body } = await graphql(`{ ${aliases} }`)
  expect(body.errors?.map((error: { message: string }) => error.message)).toEqual([
    `Syntax Error: Aliases limit of ${GRAPHQL_MAX_ALIASES} exceeded, found ${GRAPHQL_MAX_ALIASES + 1}.`,
  ])
})

// Regression: Payload's complexity limit does not count __typename, and 250,000 aliases of it passed and held the
// event loop for 3 s. graphql-js's token limit stops such floods while parsing (its message says "more that").
it.each([
  [
    '300 aliases of the article list',
    Array.from({ length: 300 }, (_, i) => `a${i}: Articles { docs { title } }`).join(' '),
  ],
  ['400 aliases of __typename', Array.from({ length: 400 }, (_, i) => `a${i}: __typename`).join(' ')],
  [`${GRAPHQL_MAX_TOKENS} fields`, '__typename '.repeat(GRAPHQL_MAX_TOKENS)],
])(`should stop parsing %s (over ${GRAPHQL_MAX_TOKENS} tokens) with 400`, async (_label, selection) => {
  const { body, status } = await graphql(`{ ${selection} }`)
  expect(status).toBe(400)
  expect(body.errors?.map((error: { message: string }) => error.message)).toEqual([
    `Syntax Error: Document contains more that ${GRAPHQL_MAX_TOKENS} tokens. Parsing aborted.`,
  ])
})

// Regression: the checks matched only a lowercase application/json; graphql-http accepts any case.
it.each(['Application/json', 'APPLICATION/JSON; charset=utf-8'])(
  'should apply the same checks to a body sent as %s',
  async (contentType) => {
    const tooLong = await graphql.raw(
      JSON.stringify({ query: `{ ${'__typename '.repeat(GRAPHQL_MAX_TOKENS)} }` }),
      contentType,
    )
    const cycle = await graphql.raw(
      JSON.stringify({ query: 'fragment F on Query { ...G } fragment G on Query { ...F } { ...F }' }),
      contentType,
    )
    expect([tooLong.status, cycle.status]).toEqual([400, 400])
  },
)

it(`should refuse a body over ${GRAPHQL_MAX_BODY_BYTES} bytes with 413, and a multipart one with 415`, async () => {
  const long = JSON.stringify({
    query: `{ Articles(where: { title: { equals: "${'x'.repeat(GRAPHQL_MAX_BODY_BYTES)}" } }) { totalDocs } }`,
  })
  const tooLong = await graphql.raw(long)
  const asMultipart = await graphql.raw('--x\r\nbroken', 'multipart/form-data; boundary=x')
  expect([tooLong.status, asMultipart.status]).toEqual([413, 415])
})

it.each(Object.entries(REAL_QUERIES))('should keep the real %s query far below the token limit', (_name, query) => {
  let tokens = 0
  const lexer = new Lexer(new Source(query))
  while (lexer.advance().kind !== TokenKind.EOF) {
    tokens += 1
  }
  expect(tokens).toBeLessThan(GRAPHQL_MAX_TOKENS / 10)
})

describe('depth limit', () => {
  const nested = (levels: number) =>
    `{ Articles { docs { ${'authors { articles { docs { '.repeat(levels)}title${' } } }'.repeat(levels)} } } }`

  it(`should refuse a query deeper than ${GRAPHQL_MAX_DEPTH} fields, even when cheap`, async () => {
    const { body } = await graphql(nested(2))
    expect(body.errors?.map((error: { message: string }) => error.message)).toEqual([
      expect.stringMatching(/depth limit/i),
    ])
    expect(body.data ?? null).toBeNull()
  })

  it('should count the fields inside fragments', async () => {
    const deep = `{ Articles { docs { ...A } } } fragment A on Article { authors { articles { docs { authors { articles { docs { title } } } } } } }`
    const { body } = await graphql(deep)
    expect(JSON.stringify(body.errors)).toMatch(/depth limit/i)
  })

  it('should answer queries at the depth of the real ones', async () => {
    const { body } = await graphql(nested(1))
    expect(body.errors).toBeUndefined()
  })
})

// GET must not change anything, and the response cache turns anonymous POSTed queries into GET reads.
describe('GraphQL over GET', () => {
  const overGet = async (params: Record<string, string>) => {
    const response = await graphqlGET(ctx.config)(
      new Request(`http://localhost/api/graphql?${new URLSearchParams(params).toString()}`),
    )
    return { allow: response.headers.get('allow'), body: JSON.parse(await response.text()), status: response.status }
  }

  it('should answer a query as the same POST would', async () => {
    const query = '{ Tags(limit: 1) { totalDocs } }'
    const [get, post] = [await overGet({ query }), await graphql(query)]
    expect([get.status, get.body]).toStrictEqual([200, post.body])
  })

  it.each([
    ['a mutation', { query: 'mutation { createTag(data: { name: "Over GET" }) { id } }' }],
    [
      'the mutation of two operations, named',
      {
        operationName: 'B',
        query: 'query A { Tags { totalDocs } } mutation B { createTag(data: { name: "B" }) { id } }',
      },
    ],
  ])('should refuse %s with 405 and run nothing', async (_label, params) => {
    const answer = await overGet(params)
    const tags = await ctx.payload.count({ collection: 'tags', where: { name: { in: ['Over GET', 'B'] } } })
    expect([answer.status, answer.allow, answer.body.errors[0].message, tags.totalDocs]).toStrictEqual([
      405,
      'POST',
      'Mutations are sent with POST.',
      0,
    ])
  })
})

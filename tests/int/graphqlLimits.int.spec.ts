import type { TestPayload } from '../helpers/payload'

import { graphqlClient } from '../helpers/api'
import { GRAPHQL_MAX_DEPTH } from '../../src/graphqlLimits'
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
    '{ Authors(where: { slug: { equals: "x" } }) { docs { name slug bio avatar { url alt } articles { docs { title slug publishedAt } hasNextPage } } } }',
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
  expect(body.errors?.[0]?.message).toBe(
    'The query exceeds the maximum complexity of 200. Actual complexity is 243',
  )
})

it.each([20, 100, 300])('should refuse %i aliases of the article list', async (count) => {
  const aliases = Array.from({ length: count }, (_, i) => `a${i}: Articles { docs { title authors { name } } }`).join(' ')
  const { body } = await graphql(`{ ${aliases} }`)
  expect(body.errors?.[0]?.message).toMatch(/exceeds the maximum complexity of 200/)
  expect(body.data ?? null).toBeNull()
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

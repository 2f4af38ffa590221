import type { TestPayload } from '../helpers/payload'

import { restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'

// `like` and `contains` are case-insensitive on both databases, but not in the same way: SQLite folds ASCII
// letters only, MongoDB folds Unicode letters. These tests pin both sides of that difference.
let ctx: TestPayload
let rest: ReturnType<typeof restClient>

beforeAll(async () => {
  ctx = await startPayload('search')
  rest = restClient(ctx.config)
  await ctx.payload.create({ collection: 'authors', data: { name: 'Émile Zola' } })
  await ctx.payload.create({ collection: 'authors', data: { name: 'Anne Ernaux' } })
})

afterAll(async () => {
  await ctx.stop()
})

const namesMatching = async (operator: 'contains' | 'like', value: string) => {
  const { body } = await rest.get(`authors?where[name][${operator}]=${encodeURIComponent(value)}&sort=name`)
  return body.docs.map((doc: { name: string }) => doc.name)
}

it.each([
  ['like', 'zola'],
  ['like', 'ZOLA Émile'],
  ['contains', 'mile Z'],
  ['contains', 'MILE'],
] as const)('should find Émile Zola with %s %j on every database', async (operator, value) => {
  expect(await namesMatching(operator, value)).toEqual(['Émile Zola'])
})

it('should not fold the case of accented letters on SQLite [sqlite]', async () => {
  expect(await namesMatching('like', 'émile')).toEqual([])
})

it('should fold the case of accented letters on MongoDB [mongodb] [jongodb-gap]', async () => {
  expect(await namesMatching('like', 'émile')).toEqual(['Émile Zola'])
})

import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { importDocuments } from '../../seed/importDocuments'
import { graphqlClient, restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { startPayload } from '../helpers/payload'
import { SAMPLE, samplePath } from '../helpers/sample'

// SQL statements per anonymous read, counted at the SQLite client (the MongoDB adapter's operations are not SQL).
let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
const statements: string[] = []

beforeAll(async () => {
  ctx = await startPayload('statement-count')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const image = await png({ height: 300, width: 600 })
  const media = await ctx.payload.create({
    collection: 'media',
    data: { alt: 'A quay' },
    file: { name: 'quay.png', data: image, mimetype: 'image/png', size: image.length },
  })
  const author = await ctx.payload.create({ collection: 'authors', data: { name: 'Amal Idrissi' } })
  const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Ports' } })
  const content = paragraphsToLexical(['The quay reopened.'])
  content.root.children.push({
    type: 'upload',
    fields: null,
    format: '',
    relationTo: 'media',
    value: media.id,
    version: 3,
  } as never)
  await ctx.payload.create({
    collection: 'articles',
    data: {
      _status: 'published',
      authors: [author.id],
      content: content as never,
      heroImage: media.id,
      tags: [tag.id],
      title: 'Quay reopens',
    },
  })
  const client = (ctx.payload.db as unknown as { client: Record<string, (...args: unknown[]) => unknown> }).client
  for (const method of ['batch', 'execute']) {
    const original = client[method]
    client[method] = function (this: unknown, ...args: unknown[]) {
      const [statement] = args as [{ sql?: string } | string]
      statements.push(typeof statement === 'string' ? statement : (statement?.sql ?? ''))
      return original.apply(this, args)
    }
  }
})

afterAll(async () => {
  await ctx.stop()
})

/** The statements one read sends, by the table each reads (its main table, aliased to itself by drizzle). */
async function tablesRead(path: string): Promise<string[]> {
  statements.length = 0
  const { status } = await rest.get(path)
  expect(status).toBe(200)
  return tablesOfStatements()
}

/** The statements one GraphQL query sends, by table. */
async function tablesQueried(query: string): Promise<string[]> {
  statements.length = 0
  const { body } = await graphql(query)
  expect(body.errors).toBeUndefined()
  return tablesOfStatements()
}

function tablesOfStatements(): string[] {
  return statements.map((sql) =>
    /^select count\(\*\)/.test(sql) ? 'count' : (/ from "(\w+)" "\1"/.exec(sql)?.[1] ?? sql),
  )
}

describe('SQL statements per read [sqlite]', () => {
  it('should read the sample by slug at depth 1 in 3: the count, the article, its byline', async () => {
    expect(await tablesRead(`articles?where[slug][equals]=${SAMPLE.slug}&depth=1`)).toEqual([
      'count',
      'articles',
      'authors',
    ])
  })

  it('should add no statement for the renditions of a story with hero, tags and an image in its body', async () => {
    const all = await tablesRead('articles?where[slug][equals]=quay-reopens&depth=1')
    const without = await tablesRead(
      'articles?where[slug][equals]=quay-reopens&depth=1&select[contentHtml]=false&select[contentText]=false&select[jsonLd]=false',
    )
    expect(all.sort()).toEqual(['articles', 'authors', 'count', 'media', 'tags'])
    expect(without.sort()).toEqual(all)
  })

  it('should read ten stories with their relations in one statement per table', async () => {
    expect((await tablesRead('articles?limit=10&depth=1')).sort()).toEqual([
      'articles',
      'authors',
      'count',
      'media',
      'tags',
    ])
  })

  it('should compute no rendition over GraphQL for a query that does not ask for one', async () => {
    const headline = '{ Articles(where: { slug: { equals: "quay-reopens" } }) { docs { title } } }'
    const withJsonLd = '{ Articles(where: { slug: { equals: "quay-reopens" } }) { docs { title jsonLd } } }'
    expect((await tablesQueried(headline)).sort()).toEqual(['articles', 'count'])
    // GraphQL reads at depth 0 and resolves relations itself: the JSON-LD looks up the byline, tags and hero, and
    // reads the fields it is made from, which the query's select left out, once more.
    expect((await tablesQueried(withJsonLd)).sort()).toEqual([
      'articles',
      'articles',
      'authors',
      'count',
      'media',
      'tags',
    ])
  })

  it('should read over GraphQL only the columns a query asks for', async () => {
    await tablesQueried('{ Articles(where: { slug: { equals: "quay-reopens" } }) { docs { title authors { name } } } }')
    const [article, author] = statements.filter((sql) => sql.startsWith('select "id"'))
    // The body is the largest column, and its read hooks the costliest: a headline query skips both.
    expect([article.includes('"title"'), article.includes('"content"'), author]).toEqual([
      true,
      false,
      expect.stringMatching(/^select "id", "name" from "authors"/),
    ])
  })
})

import { XMLValidator } from 'fast-xml-parser'

import type { TestPayload } from '../helpers/payload'

import { orderRenditions } from '../../fields/renditions'
import { importDocuments } from '../../seed/importDocuments'
import { graphqlClient, restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { block, text } from '../helpers/lexicalNodes'
import { loginAs, startPayload } from '../helpers/payload'
import { SAMPLE, sampleParagraphs, samplePath } from '../helpers/sample'

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let graphql: ReturnType<typeof graphqlClient>
let editorToken: string
let authorId: number | string
let mediaId: number | string
let richId: number | string

const link = (fields: Record<string, unknown>, label: string) => block('link', [text(label)], { fields })

/** A body with every kind of node the editor makes, and the markup each must come out as. */
function richBody() {
  return {
    root: block('root', [
      block('heading', [text('What happened')], { tag: 'h2' }),
      // Centred and indented in the editor: the HTML carries no style for it.
      block('paragraph', [text('Bold', 1), text(' and '), text('struck', 4), text(' and '), text('underlined', 8)], {
        format: 'center',
        indent: 2,
      }),
      block('paragraph', []),
      block(
        'list',
        [block('listitem', [text('First')], { value: 1 }), block('listitem', [text('<Second>')], { value: 2 })],
        {
          listType: 'number',
          start: 1,
          tag: 'ol',
        },
      ),
      block('quote', [text('“We act early,” an official said.')]),
      block('paragraph', [
        link({ linkType: 'custom', newTab: true, url: 'https://example.org/report' }, 'the report'),
        text(', '),
        link({ doc: { relationTo: 'authors', value: authorId }, linkType: 'internal', newTab: false }, 'our reporter'),
        text(' and '),
        link({ linkType: 'custom', newTab: false, url: 'javascript:alert(1)' }, 'a trap'),
      ]),
      { type: 'upload', fields: null, format: '', relationTo: 'media', value: mediaId, version: 3 },
    ]),
  }
}

beforeAll(async () => {
  process.env.PUBLIC_SITE_URL = 'https://news.example'
  ctx = await startPayload('renditions')
  rest = restClient(ctx.config)
  graphql = graphqlClient(ctx.config)
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  editorToken = await loginAs(ctx.payload, ['editor'])
  const [author] = (await ctx.payload.find({ collection: 'authors', where: { slug: { equals: SAMPLE.author.slug } } }))
    .docs
  authorId = author.id
  const image = await png({ height: 600, width: 1200 })
  const media = await ctx.payload.create({
    collection: 'media',
    data: { alt: 'Officers at a checkpoint', caption: 'Rabat, 2024', credit: 'Jane Doe / AFP' },
    file: { name: 'checkpoint.png', data: image, mimetype: 'image/png', size: image.length },
  })
  mediaId = media.id
  const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Security' } })
  const rich = await ctx.payload.create({
    collection: 'articles',
    data: {
      _status: 'published',
      authors: [authorId],
      content: richBody() as never,
      heroImage: mediaId,
      tags: [tag.id],
      title: `A headline long enough to be cut where Google stops reading it, well past the hundred and ten characters`,
    },
  })
  richId = rich.id
})

afterAll(async () => {
  delete process.env.PUBLIC_SITE_URL
  await ctx.stop()
})

describe('contentHtml and contentText', () => {
  it('should give the sample body as five paragraphs of HTML and of text', async () => {
    const { body, status } = await rest.get(`articles?where[slug][equals]=${SAMPLE.slug}`)
    expect(status).toBe(200)
    const [article] = body.docs
    expect(article.contentText).toBe(sampleParagraphs.join('\n\n'))
    const paragraphs = [...article.contentHtml.matchAll(/<p>(.*?)<\/p>/g)].map((match) => match[1])
    expect(paragraphs).toHaveLength(SAMPLE.paragraphCount)
    expect(article.contentHtml).toBe(paragraphs.map((p) => `<p>${p}</p>`).join(''))
    // The text inside each paragraph is the file's, escaped the way sanitize-html writes entities.
    expect(paragraphs.map((p) => p.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'))).toEqual(
      sampleParagraphs.map((p) => p.replace(/\n/g, '<br />')),
    )
  })

  it('should list the renditions last and in one order, so that every read of a story has the same bytes', async () => {
    // Their hooks settle in any order; the keys used to follow them, and the strong ETag changed between reads.
    const reads = []
    for (let round = 0; round < 20; round += 1) {
      const { body } = await rest.get(`articles/${richId}?depth=1`)
      reads.push(JSON.stringify(body))
    }
    const keys = Object.keys(JSON.parse(reads[0]))
    expect({ distinct: new Set(reads).size, last: keys.slice(-3) }).toStrictEqual({
      distinct: 1,
      last: ['contentHtml', 'contentText', 'jsonLd'],
    })
    const scrambled = Object.fromEntries([
      ['jsonLd', {}],
      ['id', 1],
      ['contentText', 't'],
      ['title', 'T'],
      ['contentHtml', '<p>t</p>'],
    ])
    const ordered = orderRenditions({ doc: scrambled } as Parameters<typeof orderRenditions>[0])
    expect(Object.keys(ordered)).toStrictEqual(['id', 'title', 'contentHtml', 'contentText', 'jsonLd'])
    // A selection that leaves renditions out keeps them out.
    const selected = orderRenditions({
      doc: Object.fromEntries([
        ['contentText', 't'],
        ['id', 1],
      ]),
    } as Parameters<typeof orderRenditions>[0])
    expect(Object.keys(selected)).toStrictEqual(['id', 'contentText'])
  })

  it('should write semantic, style-free HTML for every kind of node', async () => {
    const { body } = await rest.get(`articles/${richId}`)
    const media = (await rest.get(`media/${mediaId}`)).body
    // The 4:3 thumbnail crop is left out of a 2:1 image's srcset, as on the site: a width must not reframe it.
    const srcset = [`${media.sizes.card.url} 768w`, `${media.url} 1200w`].join(', ')
    expect(body.contentHtml).toBe(
      [
        '<h2>What happened</h2>',
        '<p><strong>Bold</strong> and <s>struck</s> and <u>underlined</u></p>',
        '<ol><li>First</li><li>&lt;Second&gt;</li></ol>',
        '<blockquote>“We act early,” an official said.</blockquote>',
        '<p><a href="https://example.org/report" rel="noopener noreferrer" target="_blank">the report</a>, ',
        `<a href="https://news.example/authors/${SAMPLE.author.slug}">our reporter</a> and a trap</p>`,
        `<figure><img src="${media.url}" srcset="${srcset}" sizes="(max-width: 768px) 100vw, 768px" `,
        'alt="Officers at a checkpoint" width="1200" height="600" loading="lazy" />',
        '<figcaption>Rabat, 2024 — Jane Doe / AFP</figcaption></figure>',
      ].join(''),
    )
    expect(body.contentHtml).not.toMatch(/style=|class=|javascript:/)
    expect(XMLValidator.validate(`<body>${body.contentHtml}</body>`)).toBe(true)
    expect(body.contentText).toBe(
      [
        'What happened',
        'Bold and struck and underlined',
        '',
        'First\n<Second>',
        '“We act early,” an official said.',
        'the report, our reporter and a trap',
      ].join('\n\n'),
    )
  })

  it('should compute a selected rendition without the body in the selection, and only it', async () => {
    const full = (await rest.get(`articles/${richId}`)).body
    const { body } = await rest.get(`articles/${richId}?select[contentHtml]=true`)
    expect(Object.keys(body).sort()).toEqual(['contentHtml', 'id'])
    expect(body.contentHtml).toBe(full.contentHtml)
    const list = (await rest.get('articles?select[contentText]=true&sort=title')).body
    expect(list.docs.map((doc: { contentText: string }) => doc.contentText.slice(0, 13)).sort()).toEqual(
      ['Anticipation ', 'What happened'].sort(),
    )
    const without = (await rest.get(`articles/${richId}?select[content]=false&select[contentHtml]=false`)).body
    expect(without.content).toBeUndefined()
    expect(without.contentHtml).toBeUndefined()
    expect(without.contentText).toBe(full.contentText)
  })

  it('should follow the draft being read', async () => {
    await rest.patch(`articles/${richId}?draft=true`, {
      body: { content: { root: block('root', [block('paragraph', [text('Correction pending')])]) } },
      token: editorToken,
    })
    expect((await rest.get(`articles/${richId}?draft=true`, { token: editorToken })).body.contentHtml).toBe(
      '<p>Correction pending</p>',
    )
    expect((await rest.get(`articles/${richId}`)).body.contentHtml).toMatch(/^<h2>What happened<\/h2>/)
  })

  it('should answer the renditions over GraphQL as over REST', async () => {
    const restDoc = (await rest.get(`articles/${richId}`)).body
    // Ids are numbers on SQLite and strings on MongoDB, and GraphQL types them so.
    const idType = typeof richId === 'number' ? 'Int' : 'String'
    const { body } = await graphql(
      `
        query ($id: ${idType}!) {
          Article(id: $id) {
            contentHtml
            contentText
            jsonLd
          }
        }
      `,
      { variables: { id: richId } },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.Article).toEqual({
      contentHtml: restDoc.contentHtml,
      contentText: restDoc.contentText,
      jsonLd: restDoc.jsonLd,
    })
  })
})

describe('GraphQL reads with the query as their select', () => {
  const idType = () => (typeof richId === 'number' ? 'Int' : 'String')

  it('should answer a query as it does with select turned off', async () => {
    const fields = 'title slug authors { name slug } tags { name } heroImage { alt url } contentHtml contentText jsonLd'
    const query = (select: string) => `query ($id: ${idType()}!) { Article(id: $id${select}) { ${fields} } }`
    const selected = await graphql(query(''), { variables: { id: richId } })
    const whole = await graphql(query(', select: false'), { variables: { id: richId } })
    expect(selected.body.errors).toBeUndefined()
    expect(selected.body.data.Article.authors).toEqual([{ name: SAMPLE.author.name, slug: SAMPLE.author.slug }])
    expect(selected.body.data).toEqual(whole.body.data)
  })

  it("should give an image's URL to a select that names the URL alone, over REST as over GraphQL", async () => {
    const { body } = await rest.get(`articles/${richId}?select[heroImage]=true&populate[media][url]=true`)
    const { body: answer } = await graphql(`query ($id: ${idType()}!) { Article(id: $id) { heroImage { url } } }`, {
      variables: { id: richId },
    })
    expect([body.heroImage.url, answer.data.Article.heroImage.url]).toEqual([
      expect.stringMatching(/^\/api\/media\/file\/checkpoint/),
      body.heroImage.url,
    ])
  })

  it.each([
    ['the same field twice', 'authors { name } authors { slug }', ''],
    ['two aliases of one field', 'authors { name } b: authors { slug }', ''],
    [
      'a fragment asking for more of a field',
      'authors { name } ...More',
      'fragment More on Article { authors { slug } }',
    ],
  ])('should answer every field when a query names %s', async (_name, fields, fragment) => {
    const { body } = await graphql(`query ($id: ${idType()}!) { Article(id: $id) { ${fields} } } ${fragment}`, {
      variables: { id: richId },
    })
    expect(body.errors).toBeUndefined()
    const authors = [body.data.Article.authors, body.data.Article.b].filter(Boolean).flat()
    expect(authors.map((author: { name?: string; slug?: string }) => author.name ?? author.slug)).not.toContain(null)
    expect(Object.assign({}, ...authors)).toEqual({ name: SAMPLE.author.name, slug: SAMPLE.author.slug })
  })

  // Each asks Payload's select for something it would get wrong: the answers must be those of select: false.
  // `$select` marks where the root field's arguments end; `$id` is the rich article's id (JSON for a version's parent).
  it.each([
    ['an aliased relationship', 'Article(id: $id$select) { writers: authors { name slug } }'],
    ['swapped aliases', 'Article(id: $id$select) { authors: tags { name } tags: authors { slug } }'],
    ['an aliased upload', 'Article(id: $id$select) { pic: heroImage { url alt } }'],
    [
      'an aliased join',
      'Authors(where: { slug: { equals: "jerome" } }$select) { docs { posts: articles(limit: 5) { docs { title } } } }',
    ],
    [
      'the renditions of a version',
      'versionsArticles(where: { parent: { equals: $id } }$select) { docs { version { contentText } } }',
    ],
  ])('should answer %s as with select turned off', async (_name, root) => {
    const declared = root.includes('$id') ? `($id: ${root.startsWith('versions') ? 'JSON' : `${idType()}!`})` : ''
    const query = (select: string) => `query ${declared} { ${root.replace('$select', select)} }`
    const variables = declared ? { id: richId } : {}
    const selected = await graphql(query(''), { token: editorToken, variables })
    const whole = await graphql(query(', select: false'), { token: editorToken, variables })
    expect(selected.body.errors).toBeUndefined()
    expect(JSON.stringify(selected.body.data)).not.toContain('null')
    expect(selected.body.data).toEqual(whole.body.data)
  })

  it('should keep the relationships of two root fields apart', async () => {
    const { body } = await graphql(
      `query ($id: ${idType()}!) { a: Article(id: $id) { authors { name } } b: Article(id: $id) { authors { slug } } }`,
      { variables: { id: richId } },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data).toEqual({
      a: { authors: [{ name: SAMPLE.author.name }] },
      b: { authors: [{ slug: SAMPLE.author.slug }] },
    })
  })
})

describe('jsonLd', () => {
  it('should describe the article as a NewsArticle with what Google lists', async () => {
    const { body } = await rest.get(`articles/${richId}`)
    const media = (await rest.get(`media/${mediaId}`)).body
    const { jsonLd } = body
    expect(jsonLd).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      author: [
        { name: SAMPLE.author.name, '@type': 'Person', url: `https://news.example/authors/${SAMPLE.author.slug}` },
      ],
      dateModified: body.updatedAt,
      datePublished: body.publishedAt,
      description: body.excerpt,
      headline: expect.any(String),
      image: [media.url, media.sizes.card.url, media.sizes.thumbnail.url].map(
        (url) => new URL(url, 'https://news.example/').href,
      ),
      inLanguage: 'en',
      isAccessibleForFree: true,
      keywords: ['Security'],
      mainEntityOfPage: { '@id': `https://news.example/news/${body.slug}`, '@type': 'WebPage' },
      publisher: { name: 'Newsdesk', '@type': 'Organization', url: 'https://news.example' },
      url: `https://news.example/news/${body.slug}`,
      wordCount: body.wordCount,
    })
    expect(jsonLd.headline.length).toBeLessThanOrEqual(110)
    expect(body.title.startsWith(jsonLd.headline.slice(0, -1))).toBe(true)
    expect(new Date(jsonLd.datePublished).toISOString()).toBe(jsonLd.datePublished)
  })

  it('should name only what an anonymous reader may see', async () => {
    const { body } = await rest.get(`articles?where[slug][equals]=${SAMPLE.slug}`)
    const [article] = body.docs
    expect(article.jsonLd.author).toEqual([
      { name: SAMPLE.author.name, '@type': 'Person', url: `https://news.example/authors/${SAMPLE.author.slug}` },
    ])
    expect(article.jsonLd.wordCount).toBe(SAMPLE.wordCount)
    expect(article.jsonLd.image).toBeUndefined()
    expect(article.jsonLd.keywords).toBeUndefined()
  })
})

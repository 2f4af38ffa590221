import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLParser, XMLValidator } from 'fast-xml-parser'

import type { TestPayload } from '../helpers/payload'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { importDocuments } from '../../seed/importDocuments'
import { restClient } from '../helpers/api'
import { png } from '../helpers/images'
import { startPayload } from '../helpers/payload'
import { SAMPLE, samplePath } from '../helpers/sample'

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let tagId: number | string
let authorId: number | string

const SITE = 'https://news.example'
const SERVER = 'https://cms.example'
const xml = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['entry', 'item', 'sitemap', 'url'].includes(name),
})

beforeAll(async () => {
  process.env.PUBLIC_SITE_URL = SITE
  process.env.SERVER_URL = SERVER
  ctx = await startPayload('syndication')
  rest = restClient(ctx.config)
  await importDocuments({ files: [samplePath], payload: ctx.payload })
  const [author] = (await ctx.payload.find({ collection: 'authors', where: { slug: { equals: SAMPLE.author.slug } } }))
    .docs
  authorId = author.id
  // The sample was published when it was imported; five days back it is older than the corpus below.
  await ctx.payload.update({
    collection: 'articles',
    data: { publishedAt: new Date(Date.now() - 5 * 24 * 60 * 60 * 1000).toISOString() },
    where: { slug: { equals: SAMPLE.slug } },
  })
  const second = await ctx.payload.create({ collection: 'authors', data: { name: 'Amal Idrissi' } })
  const tag = await ctx.payload.create({ collection: 'tags', data: { name: 'Security' } })
  tagId = tag.id
  const image = await png({ height: 400, width: 800 })
  const hero = await ctx.payload.create({
    collection: 'media',
    data: { alt: 'A checkpoint' },
    file: { name: 'hero.png', data: image, mimetype: 'image/png', size: image.length },
  })
  // A generated corpus: 30 published stories, two hours apart, the newest first in every feed.
  for (let index = 0; index < 30; index += 1) {
    await ctx.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        authors: index % 2 === 0 ? [second.id, authorId] : [second.id],
        content: paragraphsToLexical([`Story ${index} & its <first> paragraph.`, 'A second one.']),
        ...(index === 29 ? { heroImage: hero.id } : {}),
        publishedAt: new Date(Date.now() - (30 - index) * 2 * 60 * 60 * 1000).toISOString(),
        tags: index % 3 === 0 ? [tag.id] : [],
        title: `Story ${index}`,
      },
    })
  }
  await ctx.payload.create({
    collection: 'articles',
    data: { _status: 'draft', authors: [authorId], title: 'Embargoed scoop' },
    draft: true,
  })
})

afterAll(async () => {
  delete process.env.PUBLIC_SITE_URL
  delete process.env.SERVER_URL
  await ctx.stop()
})

async function text(path: string): Promise<{ body: string; headers: Headers; status: number }> {
  const response = await rest.response(path)
  return { body: await response.text(), headers: response.headers, status: response.status }
}

describe('feeds', () => {
  it.each([
    // The feed library writes no xml:lang into Atom.
    ['xml', 'application/rss+xml; charset=utf-8', 'rss', 'en'],
    ['atom', 'application/atom+xml; charset=utf-8', 'atom', null],
  ])('should list the newest 20 stories in %s, with full text, authors and tags', async (ext, type, kind, language) => {
    const { body, headers, status } = await text(`public/feed.${ext}`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe(type)
    const feed = parseFeed(body)
    expect(feed.meta.type).toBe(kind)
    expect(feed.title).toBe('Newsdesk')
    expect(feed.language).toBe(language)
    expect(feed.items.map((item) => item.title)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Story ${29 - index}`),
    )
    const [newest] = feed.items
    expect(newest.url).toBe(`${SITE}/news/story-29`)
    expect(newest.authors.map((author) => author.name)).toEqual(['Amal Idrissi'])
    // The parser hands the HTML back with its entities decoded; the document itself carries them.
    expect(newest.content).toBe('<p>Story 29 & its <first> paragraph.</p><p>A second one.</p>')
    expect(body).toContain('<p>Story 29 &amp; its &lt;first&gt; paragraph.</p><p>A second one.</p>')
    expect(newest.media[0]).toMatchObject({
      mimeType: 'image/png',
      url: expect.stringMatching(/^https:\/\/cms\.example\/api\/media\/file\/hero.*\.png$/),
    })
    const story27 = feed.items[2]
    expect(story27.categories.map((category) => category.label ?? category.term)).toEqual(['Security'])
    expect(feed.items.every((item) => item.title !== 'Embargoed scoop')).toBe(true)
    expect(feed.items[0].published?.getTime()).toBeGreaterThan(feed.items[1].published!.getTime())
  })

  it('should write JSON Feed 1.1 with every author and the language', async () => {
    const { body, headers } = await text('public/feed.json')
    expect(headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
    const feed = JSON.parse(body)
    expect(feed).toMatchObject({
      feed_url: `${SERVER}/feed.json`,
      home_page_url: SITE,
      language: 'en',
      title: 'Newsdesk',
      version: 'https://jsonfeed.org/version/1.1',
    })
    expect(feed.author).toBeUndefined()
    expect(feed.items).toHaveLength(20)
    expect(feed.items[1]).toMatchObject({
      id: `${SITE}/news/story-28`,
      authors: [
        { name: 'Amal Idrissi', url: `${SITE}/authors/amal-idrissi` },
        { name: SAMPLE.author.name, url: `${SITE}/authors/${SAMPLE.author.slug}` },
      ],
      content_html: '<p>Story 28 &amp; its &lt;first&gt; paragraph.</p><p>A second one.</p>',
      title: 'Story 28',
      url: `${SITE}/news/story-28`,
    })
    expect(feed.items[0].image).toMatch(/^https:\/\/cms\.example\/api\/media\/file\/hero/)
    expect(new Date(feed.items[0].date_published).toISOString()).toBe(feed.items[0].date_published)
  })

  it('should list only one author’s or one tag’s stories in their feeds', async () => {
    const byAuthor = parseFeed((await text(`public/authors/${SAMPLE.author.slug}/feed.atom`)).body)
    expect(byAuthor.title).toBe(`${SAMPLE.author.name} — Newsdesk`)
    expect(byAuthor.url).toBe(`${SITE}/authors/${SAMPLE.author.slug}`)
    expect(byAuthor.items.map((item) => item.title)).toEqual([
      ...Array.from({ length: 15 }, (_, index) => `Story ${28 - index * 2}`),
      SAMPLE.title,
    ])
    const byTag = JSON.parse((await text('public/tags/security/feed.json')).body)
    expect(byTag.items.map((item: { title: string }) => item.title)).toEqual(
      [27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((index) => `Story ${index}`),
    )
  })

  it('should answer 404 naming an unknown author or tag', async () => {
    const { body, status } = await text('public/authors/nobody/feed.xml')
    expect(status).toBe(404)
    expect(JSON.parse(body)).toEqual({ errors: [{ message: 'No author has the slug "nobody".' }] })
    expect((await text('public/tags/nothing/feed.json')).status).toBe(404)
  })

  it('should carry the dek alone when FEED_CONTENT is excerpt', async () => {
    const { getSettings } = await import('../../src/settings')
    const site = getSettings().site
    site.feedContent = 'excerpt'
    try {
      const rss = parseFeed((await text('public/feed.xml')).body)
      expect(rss.items[0].content).toBeNull()
      expect(rss.items[0].description).toBe('Story 29 & its <first> paragraph.')
      const json = JSON.parse((await text('public/feed.json')).body)
      expect(json.items[0].content_html).toBeUndefined()
      expect(json.items[0].content_text).toBe('Story 29 & its <first> paragraph.')
    } finally {
      site.feedContent = 'full'
    }
  })

  it('should name the stories it lists in Surrogate-Key', async () => {
    const { headers } = await text(`public/authors/${SAMPLE.author.slug}/feed.xml`)
    const keys = headers.get('surrogate-key')!.split(' ')
    expect(keys.slice(0, 2)).toEqual(['articles', `author:${authorId}`])
    expect(keys).toHaveLength(2 + 16)
    expect((await text('public/tags/security/feed.xml')).headers.get('surrogate-key')).toMatch(
      new RegExp(`^articles tag:${tagId} article:`),
    )
  })
})

describe('sitemaps', () => {
  it('should index a sitemap per collection and the News sitemap', async () => {
    const { body, headers, status } = await text('public/sitemap.xml')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(XMLValidator.validate(body)).toBe(true)
    const index = xml.parse(body).sitemapindex
    expect(index['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(index.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      `${SERVER}/sitemap-articles-1.xml`,
      `${SERVER}/sitemap-authors-1.xml`,
      `${SERVER}/sitemap-tags-1.xml`,
      `${SERVER}/sitemap-news.xml`,
    ])
    const newestArticle = (
      await ctx.payload.find({
        collection: 'articles',
        limit: 1,
        sort: '-updatedAt',
        where: { _status: { equals: 'published' } },
      })
    ).docs[0]
    expect(index.sitemap[0].lastmod).toBe(newestArticle.updatedAt)
  })

  it('should list every published article, author and tag at its public URL with lastmod', async () => {
    const articles = xml.parse((await text('public/sitemap-articles-1.xml')).body).urlset.url
    expect(articles).toHaveLength(31)
    expect(articles.map((entry: { loc: string }) => entry.loc)).toContain(`${SITE}/news/${SAMPLE.slug}`)
    expect(articles.map((entry: { loc: string }) => entry.loc)).not.toContain(`${SITE}/news/embargoed-scoop`)
    const sample = (await ctx.payload.find({ collection: 'articles', where: { slug: { equals: SAMPLE.slug } } }))
      .docs[0]
    expect(articles.find((entry: { loc: string }) => entry.loc.endsWith(SAMPLE.slug)).lastmod).toBe(sample.updatedAt)
    const authors = xml.parse((await text('public/sitemap-authors-1.xml')).body).urlset.url
    expect(authors.map((entry: { loc: string }) => entry.loc).sort()).toEqual(
      [`${SITE}/authors/amal-idrissi`, `${SITE}/authors/${SAMPLE.author.slug}`].sort(),
    )
    const tags = xml.parse((await text('public/sitemap-tags-1.xml')).body).urlset.url
    expect(tags.map((entry: { loc: string }) => entry.loc)).toEqual([`${SITE}/tags/security`])
  })

  it('should answer 404 past the last page and for a page that is not a number', async () => {
    const past = await text('public/sitemap-articles-2.xml')
    expect(past.status).toBe(404)
    expect(JSON.parse(past.body).errors[0].message).toBe('The articles sitemap has 1 page(s); there is no page 2.')
    expect((await text('public/sitemap-articles-0.xml')).status).toBe(404)
    expect((await text('public/sitemap-articles-x.xml')).status).toBe(404)
  })

  it('should list only the last two days in the News sitemap, with publication and title', async () => {
    const { body } = await text('public/sitemap-news.xml')
    const urlset = xml.parse(body).urlset
    expect(urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9')
    // Stories 7 to 29 were published within the last 46 h (two hours apart); story 6, 48 h ago when it was
    // written, has just left the window, and the sample is five days old.
    expect(
      urlset.url.map((entry: { 'news:news': { 'news:title': string } }) => entry['news:news']['news:title']),
    ).toEqual(Array.from({ length: 23 }, (_, index) => `Story ${29 - index}`))
    expect(urlset.url[0]).toMatchObject({
      loc: `${SITE}/news/story-29`,
      'news:news': {
        'news:publication': { 'news:language': 'en', 'news:name': 'Newsdesk' },
        'news:title': 'Story 29',
      },
    })
  })
})

describe('robots.txt', () => {
  it('should name both sitemaps and keep crawlers out of the admin panel and the JSON API', async () => {
    const { body, headers } = await text('public/robots.txt')
    expect(headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(body.split('\n')).toEqual([
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /api/',
      'Allow: /api/media/file/',
      '',
      `Sitemap: ${SERVER}/sitemap.xml`,
      `Sitemap: ${SERVER}/sitemap-news.xml`,
      '',
    ])
  })
})

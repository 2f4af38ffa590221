import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLValidator } from 'fast-xml-parser'

import type { FeedArticle, FeedFormat } from '../../utilities/feeds'

import { loadSettings } from '../../src/settings'
import { feedDocument } from '../../utilities/feeds'

const site = loadSettings({ env: { PUBLIC_SITE_URL: 'https://news.example' } }).site
const channel = {
  description: 'The latest stories.',
  link: 'https://news.example',
  selfUrls: {
    atom: 'https://cms.example/feed.atom',
    json: 'https://cms.example/feed.json',
    xml: 'https://cms.example/feed.xml',
  },
  title: 'Newsdesk',
}
/** A story with nothing but what every story has: no byline, no tags, no hero, no dek, not yet dated. */
const bare: FeedArticle = {
  id: 1,
  slug: 'wire-copy',
  authors: [],
  contentHtml: '<p>Wire copy.</p>',
  tags: [],
  title: 'Wire copy',
  updatedAt: '2026-12-01T08:00:00.000Z',
}
const write = (format: FeedFormat, articles: FeedArticle[]) =>
  feedDocument({ articles, channel, format, mediaBase: 'https://cms.example', site })

describe('feedDocument', () => {
  // Regression: a story without authors made the JSON Feed throw (the library read the first of an empty list).
  it.each(['xml', 'atom'] as const)('should write a story without byline, tags or hero in %s', (format) => {
    const feed = parseFeed(write(format, [bare]))
    expect(feed.items.map((item) => [item.title, item.url, item.authors.length, item.media.length])).toEqual([
      ['Wire copy', 'https://news.example/news/wire-copy', 0, 0],
    ])
  })

  it('should write a story without byline, tags or hero in JSON Feed 1.1', () => {
    const feed = JSON.parse(write('json', [bare]))
    expect(feed.items).toEqual([
      {
        id: 'https://news.example/news/wire-copy',
        authors: [],
        content_html: '<p>Wire copy.</p>',
        date_modified: '2026-12-01T08:00:00.000Z',
        tags: [],
        title: 'Wire copy',
        url: 'https://news.example/news/wire-copy',
      },
    ])
  })

  it('should give the same bytes for the same stories, dated by the newest change', () => {
    const older = { ...bare, id: 2, slug: 'older', updatedAt: '2026-11-30T08:00:00.000Z' }
    const first = write('xml', [bare, older])
    expect(write('xml', [bare, older])).toBe(first)
    expect(first).toContain('<lastBuildDate>Tue, 01 Dec 2026 08:00:00 GMT</lastBuildDate>')
  })

  it('should write an empty feed', () => {
    expect(parseFeed(write('atom', [])).items).toEqual([])
    expect(JSON.parse(write('json', [])).items).toEqual([])
  })

  // Regression: U+FFFE and U+FFFF passed the API's character check and made RSS and Atom malformed XML, and a `<`
  // in a tag name broke Atom's category label.
  it.each([
    ['xml', 'Sec <x> & ]]>'],
    ['atom', 'sec'],
  ] as const)('should write well-formed %s whatever characters a story carries', (format, category) => {
    const odd: FeedArticle = {
      ...bare,
      contentHtml: '<p>body \uFFFE</p>',
      excerpt: 'dek \uFFFF',
      tags: [{ name: 'Sec <x> & ]]>', slug: 'sec' }],
      title: 'Nonchar \uFFFF title',
    }
    const document = write(format, [odd])
    expect(XMLValidator.validate(document)).toBe(true)
    const [item] = parseFeed(document).items
    expect([item.title, item.categories.map((entry) => entry.label ?? entry.term)]).toEqual([
      'Nonchar  title',
      [category],
    ])
  })
})

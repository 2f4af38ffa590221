import type { Media } from '../../src/payload-types'

import { DEFAULT_PUBLIC_PATHS } from '../../src/settings/site'
import { isDistinctDek, wasUpdated } from '../../src/site/format'
import { jsonLdText } from '../../src/site/metadata'
import { pageNumberOf, pathOf } from '../../src/site/paths'
import { imageSources } from '../../utilities/imageSources'

const SITE = {
  name: 'Newsdesk',
  feedContent: 'full' as const,
  language: 'en',
  paths: DEFAULT_PUBLIC_PATHS,
  url: 'https://news.example',
}

/** A 16:9 upload with the sizes collections/Media.ts makes. */
const HERO = {
  id: 1,
  alt: 'Boats',
  createdAt: '2026-01-01T00:00:00.000Z',
  height: 900,
  sizes: {
    card: { height: 432, url: '/media/boats-768x432.jpg', width: 768 },
    hero: { height: 900, url: '/media/boats-1600x900.jpg', width: 1600 },
    thumbnail: { height: 300, url: '/media/boats-400x300.jpg', width: 400 },
  },
  updatedAt: '2026-01-01T00:00:00.000Z',
  url: '/media/boats.jpg',
  width: 1600,
} as Media

describe('imageSources', () => {
  it('should list the stored widths of a picture, narrowest first, without the crops of another shape', () => {
    expect(imageSources(HERO)).toStrictEqual({
      height: 900,
      src: '/media/boats.jpg',
      srcSet: '/media/boats-768x432.jpg 768w, /media/boats-1600x900.jpg 1600w',
      width: 1600,
    })
  })

  it('should give an image without sizes its original alone', () => {
    expect(imageSources({ ...HERO, sizes: {} })?.srcSet).toBe('/media/boats.jpg 1600w')
  })

  it('should give nothing for an upload without a URL', () => {
    expect(imageSources({ ...HERO, url: null })).toBeUndefined()
  })
})

describe('pageNumberOf', () => {
  it.each([
    [undefined, 1],
    ['1', 1],
    ['3', 3],
    [['4', '5'], 4],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['abc', 1],
    ['9999999', 1],
  ])('should read %j as page %i', (value, page) => {
    expect(pageNumberOf(value)).toBe(page)
  })
})

describe('pathOf', () => {
  it.each([
    ['article', 'harbour-reopens', '/news/harbour-reopens'],
    ['author', 'jérôme', '/authors/j%C3%A9r%C3%B4me'],
    ['tag', 'a/b', '/tags/a%2Fb'],
  ] as const)('should put the %s slug %s in its pattern as one segment', (kind, slug, path) => {
    expect(pathOf(SITE, kind, slug)).toBe(path)
  })
})

describe('jsonLdText', () => {
  it('should keep a headline from closing the script element', () => {
    expect(jsonLdText({ headline: '</script><script>alert(1)</script>' })).toBe(
      '{"headline":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}',
    )
  })
})

describe('wasUpdated', () => {
  it.each([
    ['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:30.000Z', false],
    ['2026-01-01T10:00:00.000Z', '2026-01-01T10:05:00.000Z', true],
    [null, '2026-01-01T10:05:00.000Z', false],
  ])('should say whether %s then %s is an update: %s', (publishedAt, updatedAt, isUpdate) => {
    expect(wasUpdated(publishedAt, updatedAt)).toBe(isUpdate)
  })
})

describe('isDistinctDek', () => {
  it.each([
    ['a dek of its own', 'The fleet is back at sea.', 'Boats left at dawn.', true],
    ['the first paragraph itself', 'Boats left at dawn.', 'Boats left at dawn.\n\nMore.', false],
    ['the first paragraph cut with an ellipsis', 'Boats left at…', 'Boats left at dawn.', false],
    ['the same words wrapped differently', 'Boats  left\nat dawn.', 'Boats left at dawn.', false],
    ['no dek', '', 'Boats left at dawn.', false],
  ])('should tell %s', (_label, excerpt, body, expected) => {
    expect(isDistinctDek(excerpt, body)).toBe(expected)
  })
})

import { SLUG_MAX_LENGTH, slugCandidate, toSlug, truncateSlug } from '../../utilities/slugify'

const SLUG_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/

describe('toSlug', () => {
  it.each([
    [
      'Morocco’s Proactive Anti-Terror Strategy Thwarts 207 Terrorist Cells Since 2002',
      'moroccos-proactive-anti-terror-strategy-thwarts-207-terrorist-cells-since-2002',
    ],
    ['Jérôme', 'jerome'],
    ['Straße', 'strasse'],
    ['Ørsted', 'orsted'],
    ['Æble', 'aeble'],
    ['Über alles', 'uber-alles'],
    ["Don't panic", 'dont-panic'],
    ['rock’n’roll', 'rocknroll'],
    ["l'été", 'lete'],
    ['Hello,   World!!', 'hello-world'],
    ['A—B–C', 'a-b-c'],
    ['  --Trim me--  ', 'trim-me'],
    ['iPhone launch', 'iphone-launch'],
    ['Привет мир', 'privet-mir'],
    ['Ελλάδα', 'ellada'],
    ['NFD: Jérôme'.normalize('NFD'), 'nfd-jerome'],
  ])('should turn %j into %j', (input, expected) => {
    expect(toSlug(input)).toBe(expected)
  })

  it('should fall back to a stable hash slug when nothing transliterates', () => {
    const slug = toSlug('東京', 'article')
    expect(slug).toMatch(/^article-[0-9a-f]{8}$/)
    expect(toSlug('東京', 'article')).toBe(slug)
    expect(toSlug('大阪', 'article')).not.toBe(slug)
  })

  it('should never return an empty slug', () => {
    expect(toSlug('!!!')).toMatch(/^item-[0-9a-f]{8}$/)
  })

  it('should cut long titles at a word boundary within the limit', () => {
    const title = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ')
    const slug = toSlug(title)
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH)
    expect(slug).toMatch(SLUG_SHAPE)
    expect(title.toLowerCase().replaceAll(' ', '-').startsWith(`${slug}-`)).toBe(true)
  })
})

describe('truncateSlug', () => {
  it('should cut a single over-long word inside it', () => {
    expect(truncateSlug('a'.repeat(120))).toBe('a'.repeat(SLUG_MAX_LENGTH))
  })

  it('should leave short slugs alone', () => {
    expect(truncateSlug('short-slug')).toBe('short-slug')
  })
})

describe('slugCandidate', () => {
  it.each([
    ['news', 1, 'news'],
    ['news', 2, 'news-2'],
    ['news', 13, 'news-13'],
  ])('should make candidate %i of %j', (base, attempt, expected) => {
    expect(slugCandidate(base, attempt)).toBe(expected)
  })

  it('should keep suffixed candidates within the limit by shortening the base at a hyphen', () => {
    const base = truncateSlug(Array.from({ length: 20 }, () => 'abcd').join('-'))
    const candidate = slugCandidate(base, 2)
    expect(candidate.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH)
    expect(candidate).toMatch(/^(abcd-)+2$/)
  })
})

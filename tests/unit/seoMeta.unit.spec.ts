import { SEO_DESCRIPTION_MAX_LENGTH, SEO_TITLE_MAX_LENGTH, seoDescription, seoTitle } from '../../utilities/seoMeta'

describe('seoTitle', () => {
  it.each([
    ['a short headline, with the site name', 'Storm warning for the coast', 'Storm warning for the coast — Newsdesk'],
    ['a headline that fits exactly with the site name', 'x'.repeat(49), `${'x'.repeat(49)} — Newsdesk`],
    [
      'a headline too long even alone, cut at a word boundary',
      'Council approves the new harbour budget after a long night of debate over fishing quotas',
      'Council approves the new harbour budget after a long night…',
    ],
    ['an empty headline, as the site name', '   ', 'Newsdesk'],
  ])('should give %s', (_case, headline, expected) => {
    expect(seoTitle(headline)).toBe(expected)
  })

  // Regression: "Auto-generate" made "<58-character headline> — Newsdesk" (69 characters), which the plugin's
  // own indicator then flagged as too long (69/60).
  it('should drop the site name from a headline that fits only alone', () => {
    const headline = 'Ferry strike ends as unions accept the new pay offer today'
    expect([seoTitle(headline), headline.length <= SEO_TITLE_MAX_LENGTH]).toEqual([headline, true])
  })
})

describe('seoDescription', () => {
  it.each([
    ['a missing dek as empty', undefined, ''],
    [
      'a dek that fits unchanged',
      'The storm is expected to reach the coast tonight.',
      'The storm is expected to reach the coast tonight.',
    ],
  ])('should give %s', (_case, excerpt, expected) => {
    expect(seoDescription(excerpt)).toBe(expected)
  })

  it('should cut a long dek at a word boundary within the limit', () => {
    const dek = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')
    const description = seoDescription(dek)
    expect([description.length <= SEO_DESCRIPTION_MAX_LENGTH, description.endsWith('…')]).toEqual([true, true])
  })
})

describe('seoTitle with PUBLICATION_NAME', () => {
  it('should brand the headline with the publication named', () => {
    expect(seoTitle('Port reopens', SEO_TITLE_MAX_LENGTH, 'Le Quotidien')).toBe('Port reopens — Le Quotidien')
    expect(seoTitle('', SEO_TITLE_MAX_LENGTH, 'Le Quotidien')).toBe('Le Quotidien')
  })
})

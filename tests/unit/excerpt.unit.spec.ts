import { EXCERPT_MAX_LENGTH, excerptFrom } from '../../utilities/excerpt'

describe('excerptFrom', () => {
  it('should keep a paragraph that fits', () => {
    expect(excerptFrom('  A short dek.  ')).toBe('A short dek.')
  })

  it('should keep a paragraph of exactly the limit', () => {
    const text = 'x'.repeat(EXCERPT_MAX_LENGTH)
    expect(excerptFrom(text)).toBe(text)
  })

  it('should cut a long paragraph at a word boundary and add an ellipsis within the limit', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`)
    const excerpt = excerptFrom(words.join(' '))
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX_LENGTH)
    expect(excerpt.endsWith('…')).toBe(true)
    const kept = excerpt.slice(0, -1).split(' ')
    expect(kept).toEqual(words.slice(0, kept.length))
  })

  it('should not leave trailing punctuation before the ellipsis', () => {
    expect(excerptFrom('alpha, beta, gamma', 13)).toBe('alpha, beta…')
  })

  it('should cut inside a single word longer than the limit', () => {
    expect(excerptFrom('y'.repeat(20), 10)).toBe(`${'y'.repeat(9)}…`)
  })
})

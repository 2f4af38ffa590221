import { parseDocument } from '../../seed/formats/parse'
import { countWords, readingTimeMinutes, WORDS_PER_MINUTE } from '../../utilities/readingTime'
import { SAMPLE, sampleText } from '../helpers/sample'

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one', 1],
    ['two words', 2],
    ['  spaced \n\n out\ttext ', 3],
    ['dash – between', 2],
    ['… — - •', 0],
    ['(DGST), 2002', 2],
    ['"moussalaha"', 1],
    ['Jérôme écrit', 2],
    ['東京 大阪', 2],
  ])('should count %j as %i words', (text, expected) => {
    expect(countWords(text)).toBe(expected)
  })

  it('should count the sample body as 331 words', () => {
    expect(countWords(parseDocument(sampleText).paragraphs.join('\n\n'))).toBe(SAMPLE.wordCount)
  })
})

describe('readingTimeMinutes', () => {
  it.each([
    [0, 1],
    [1, 1],
    [WORDS_PER_MINUTE, 1],
    [WORDS_PER_MINUTE + 1, 2],
    [331, 2],
    [10 * WORDS_PER_MINUTE, 10],
  ])('should turn %i words into %i minutes', (words, minutes) => {
    expect(readingTimeMinutes(words)).toBe(minutes)
  })
})

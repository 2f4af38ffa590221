import { paragraphsToLexical } from '../../seed/formats/lexical'
import { parseDocument } from '../../seed/formats/parse'
import { firstParagraphOf, plainTextOf } from '../../utilities/lexicalText'
import { sampleParagraphs, sampleText } from '../helpers/sample'

describe('paragraphsToLexical', () => {
  it('should make one paragraph node per source paragraph', () => {
    const state = paragraphsToLexical(parseDocument(sampleText).paragraphs)
    expect(state.root.children.map((node) => node.type)).toEqual(Array(5).fill('paragraph'))
  })

  it('should keep every paragraph text exactly', () => {
    const state = paragraphsToLexical(sampleParagraphs)
    const texts = state.root.children.map((node) =>
      (node.children as Array<{ text: string }>).map((child) => child.text).join(''),
    )
    expect(texts).toEqual(sampleParagraphs)
  })

  it('should round-trip through the plain-text converter', () => {
    expect(plainTextOf(paragraphsToLexical(sampleParagraphs))).toBe(sampleParagraphs.join('\n\n'))
  })

  it('should turn a line break inside a paragraph into a linebreak node', () => {
    const [paragraph] = paragraphsToLexical(['one\ntwo']).root.children
    expect((paragraph.children as Array<{ text?: string; type: string }>).map((c) => c.text ?? c.type)).toEqual([
      'one',
      'linebreak',
      'two',
    ])
  })

  it('should produce an unformatted text node for Markdown-looking text', () => {
    const [paragraph] = paragraphsToLexical(['**bold?** _no_']).root.children
    expect(paragraph.children).toEqual([expect.objectContaining({ type: 'text', format: 0, text: '**bold?** _no_' })])
  })
})

describe('firstParagraphOf', () => {
  it('should return the first paragraph with text', () => {
    expect(firstParagraphOf(paragraphsToLexical(['', 'Second', 'Third']))).toBe('Second')
  })

  it('should return an empty string for no content', () => {
    expect(firstParagraphOf(null)).toBe('')
  })
})

describe('plainTextOf with block quotes', () => {
  // Regression: Payload's default plain-text heuristic has no separator before a quote, so the last word of a
  // list ran into the quote's first word and the word count came out one short.
  it('should separate a quote from the block before it, so words do not run together', () => {
    const state = {
      root: {
        type: 'root',
        children: [
          { type: 'paragraph', children: [{ type: 'text', text: 'Prices are stable.', version: 1 }], version: 1 },
          { type: 'quote', children: [{ type: 'text', text: 'We expect the trend to last.', version: 1 }], version: 1 },
        ],
        direction: null,
        format: '',
        indent: 0,
        version: 1,
      },
    }
    expect(plainTextOf(state as never)).toBe('Prices are stable.\n\nWe expect the trend to last.')
  })
})

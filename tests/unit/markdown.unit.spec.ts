import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'

import { notInMarkdown } from '../../seed/exportArticles'
import { paragraphsToLexical } from '../../seed/formats/lexical'
import { contentToMarkdown, markdownToContent } from '../../seed/formats/markdown'
import { parseMarkdownDocument } from '../../seed/formats/markdownDocument'
import configPromise from '../../src/payload.config'
import { plainTextOf } from '../../utilities/lexicalText'

let editorConfig: SanitizedServerEditorConfig
beforeAll(async () => {
  editorConfig = await editorConfigFactory.default({ config: await configPromise })
})

const roundTrip = (paragraphs: string[]) => {
  const markdown = contentToMarkdown({ content: paragraphsToLexical(paragraphs), editorConfig })
  return { markdown, text: plainTextOf(markdownToContent({ editorConfig, markdown })) }
}

describe('plain text through Markdown and back', () => {
  it.each([
    ['a numbered-list lookalike', '1. The turnout rose.', '1\\. The turnout rose.'],
    ['a heading lookalike', '# of seats: 12', '\\# of seats: 12'],
    ['a bullet lookalike', '- 3 degrees at dawn', '\\- 3 degrees at dawn'],
    ['a quote lookalike', '> not a quote', '\\> not a quote'],
    ['a rule lookalike', '---', '\\---'],
    ['emphasis lookalikes', '_Source_: *the* ministry', '\\_Source\\_: \\*the\\* ministry'],
    ['a plain sentence', 'Nothing to escape here.', 'Nothing to escape here.'],
  ])('should keep %s literal', (_, text, markdown) => {
    expect(roundTrip([text])).toEqual({ markdown, text })
  })

  it('should keep a line break inside a paragraph as a line break', () => {
    const { markdown, text } = roundTrip(['First line\n2. second line'])
    expect(markdown).toBe('First line\\\n2\\. second line')
    expect(text).toBe('First line\n2. second line')
  })

  it('should keep paragraphs apart', () => {
    expect(roundTrip(['One.', 'Two.']).text).toBe('One.\n\nTwo.')
  })
})

describe('markdownToContent', () => {
  it('should apply CommonMark backslash escapes that the Lexical importer leaves in the text', () => {
    expect(plainTextOf(markdownToContent({ editorConfig, markdown: '\\# not a heading, 5\\. not a list' }))).toBe(
      '# not a heading, 5. not a list',
    )
  })

  it('should keep a backslash escape inside inline code as written', () => {
    const state = markdownToContent({ editorConfig, markdown: 'Run `a\\#b` now' })
    const texts = (state.root.children[0].children as Array<{ text: string }>).map((node) => node.text)
    expect(texts).toEqual(['Run ', 'a\\#b', ' now'])
  })
})

describe('notInMarkdown', () => {
  it('should name what a Markdown export cannot carry, and nothing for plain paragraphs', () => {
    const plain = paragraphsToLexical(['Just text.'])
    const rich = paragraphsToLexical(['Underlined', 'Centred'])
    const [first, second] = rich.root.children as unknown as Array<{
      children: Array<{ format: number }>
      format: string
    }>
    first.children[0].format = 8
    second.format = 'center'
    rich.root.children.push({ type: 'upload', value: 1, version: 3 } as never)
    expect(notInMarkdown(plain)).toEqual([])
    expect(notInMarkdown(rich)).toEqual(['alignment', 'images', 'underline'])
  })
})

describe('parseMarkdownDocument', () => {
  it('should resolve escapes in a heading title', () => {
    expect(parseMarkdownDocument({ editorConfig, text: '# Why \\*this\\* matters\n\nBody.\n' }).title).toBe(
      'Why *this* matters',
    )
  })

  it('should name, by line, Markdown that is stored as plain text', () => {
    const text = '---\ntitle: Budget\n---\n\nIntro.\n\n| Item | Cost |\n|---|---|\n| Roads | 3 |\n\n```\ncode\n```\n'
    expect(parseMarkdownDocument({ editorConfig, text }).warnings).toEqual([
      'line 11: a code fence is stored as plain text (no such block in the editor)',
      'line 7: a table is stored as plain text (no such block in the editor)',
    ])
  })
})

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { isSafeUrl, removeUnsafeLinks } from '../../seed/formats/links'

describe('isSafeUrl', () => {
  it.each([
    'https://example.org/a',
    'http://example.org',
    'mailto:desk@example.org',
    'tel:+212500000000',
    '/local/path',
    '#notes',
    '?page=2',
    'story.html',
  ])('should keep %j', (url) => {
    expect(isSafeUrl(url)).toBe(true)
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:x',
    'data:text/html,<script>',
    'vbscript:msgbox',
  ])('should refuse %j', (url) => {
    expect(isSafeUrl(url)).toBe(false)
  })
})

describe('removeUnsafeLinks', () => {
  it('should unwrap an unsafe link, keep its text and leave safe links alone', () => {
    const content = paragraphsToLexical(['x'])
    const text = (value: string) => ({
      type: 'text',
      detail: 0,
      format: 0,
      mode: 'normal',
      style: '',
      text: value,
      version: 1,
    })
    const link = (url: string, label: string) => ({
      type: 'link',
      children: [text(label)],
      fields: { linkType: 'custom', url },
      version: 3,
    })
    ;(content.root.children[0] as unknown as { children: unknown[] }).children = [
      text('See '),
      link('javascript:alert(1)', 'this'),
      text(' and '),
      link('https://a.example', 'that'),
    ]

    const removed = removeUnsafeLinks(content, (url) => (url.startsWith('javascript:') ? 7 : 0))

    const children = (content.root.children[0] as unknown as { children: Array<{ text?: string; type: string }> })
      .children
    expect(children.map((child) => child.text ?? child.type)).toEqual(['See ', 'this', ' and ', 'link'])
    expect(removed).toEqual([
      // Issue round two, item 17: the warning named no line, and left out that relative links are kept too.
      'line 7: link to "javascript:alert(1)" unwrapped, its text kept (only http, https, mailto, tel and relative links are kept)',
    ])
  })
})

import { getSettings } from '../../src/settings'
import { articleHtml } from '../../utilities/articleHtml'
import { block, text } from '../helpers/lexicalNodes'

// articleHtml keeps what it sanitised (by the converted HTML): a body read again must come out exactly as the first
// time, and two bodies must never share an answer.
const bodyLinking = (url: string) =>
  ({
    root: block('root', [
      block('paragraph', [
        text('Read '),
        block('link', [text('the report')], { fields: { linkType: 'custom', newTab: false, url } }),
      ]),
    ]),
  }) as never

describe('articleHtml', () => {
  const site = getSettings().site

  it('answers a body read again with the same sanitised HTML, a trap link still left out', async () => {
    const trap = bodyLinking('javascript:alert(1)')
    const first = await articleHtml({ content: trap, site })
    const again = await articleHtml({ content: trap, site })
    expect(first).toBe('<p>Read the report</p>')
    expect(again).toBe(first)
  })

  it('gives bodies that differ their own HTML', async () => {
    const answers = await Promise.all(
      ['https://example.org/a', 'https://example.org/b', 'https://example.org/a'].map((url) =>
        articleHtml({ content: bodyLinking(url), site }),
      ),
    )
    expect(answers).toStrictEqual([
      '<p>Read <a href="https://example.org/a">the report</a></p>',
      '<p>Read <a href="https://example.org/b">the report</a></p>',
      '<p>Read <a href="https://example.org/a">the report</a></p>',
    ])
  })
})

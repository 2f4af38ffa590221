import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { convertHTMLToLexical } from '@payloadcms/richtext-lexical'
import { JSDOM } from 'jsdom'

import type { SourceDocument } from './document'

import { plainTextOf } from '../../utilities/lexicalText'
import { countWords } from '../../utilities/readingTime'
import { isSafeUrl, lineOfLinks, removeUnsafeLinks } from './links'
import { DocumentParseError, splitNames } from './parse'
import { parseStatedDate } from './statedDate'

/** Elements whose content is not article text: removed before conversion, on purpose. */
const NOT_TEXT = 'script, style, template, noscript, nav, aside, footer, form, iframe, svg'

/**
 * Parses an HTML news article with Payload's HTML → Lexical converter.
 *
 * Metadata, by the Open Graph article convention where one exists: the title is the first `<h1>` (removed from
 * the body) or else `<title>`; authors come from `<meta name="author">`; `article:published_time`, every
 * `article:tag` and `<meta name="description">` give the publication date, tags and dek. The body is the
 * `<article>` element (one per file), or `<body>` without one; navigation, asides, scripts and other non-text
 * elements are dropped, and so are images (named in `warnings`) and links with unsafe targets (text kept).
 * Text the converter would lose or run together is not dropped silently: the document is refused.
 *
 * @param text - the file as decoded text.
 * @param editorConfig - the server editor config of the article's `content` field.
 * @returns the document, strings NFC.
 * @throws DocumentParseError naming the 1-based line: no title, an empty body, an invalid date, or text the
 *   conversion would lose (with the line of the first element whose text did not survive).
 */
export function parseHtmlDocument({
  editorConfig,
  text,
}: {
  editorConfig: SanitizedServerEditorConfig
  text: string
}): SourceDocument {
  const dom = new JSDOM(text.replace(/^\uFEFF/u, '').normalize('NFC'), { includeNodeLocations: true })
  const { document: page } = dom.window
  const lineOf = (node: Node | null | undefined) => (node ? (dom.nodeLocation(node)?.startLine ?? 1) : 1)
  const meta = (selector: string) =>
    [...page.querySelectorAll<HTMLMetaElement>(selector)].map((element) => element.content.trim()).filter(Boolean)

  const articles = page.querySelectorAll('article')
  if (articles.length > 1) {
    throw new DocumentParseError('several <article> elements: put one article in each file', lineOf(articles[1]))
  }
  const body = articles[0] ?? page.body
  body.querySelectorAll(NOT_TEXT).forEach((element) => element.remove())
  const heading = body.querySelector('h1') ?? page.body.querySelector('h1')
  const title = collapse(heading?.textContent ?? '') || collapse(page.title)
  if (!title) {
    throw new DocumentParseError('no title: add an <h1> or a <title>', 1)
  }
  heading?.remove()

  // Images are not imported (their files are not uploaded); each is named so an editor can add it. An element
  // the image leaves empty (`<p><img></p>`, a link around it) goes too, or it would be an empty paragraph.
  const warnings = [...body.querySelectorAll('img')].map((image) => {
    const line = lineOf(image)
    let emptied: Element | null = image.parentElement
    image.remove()
    while (emptied && emptied !== body && emptied.children.length === 0 && !emptied.textContent?.trim()) {
      const parent: Element | null = emptied.parentElement
      emptied.remove()
      emptied = parent
    }
    const alt = image.getAttribute('alt')
    return `line ${line}: image ${JSON.stringify(image.getAttribute('src') ?? '')}${alt ? ` (${JSON.stringify(alt)})` : ''} not imported; upload it and add it in the admin panel`
  })
  const document: SourceDocument = { authors: [], content: undefined as never, title }
  const [authors] = meta('meta[name="author"]')
  if (authors) {
    document.authors = splitNames(authors)
  }
  const tags = meta('meta[property="article:tag"]')
  if (tags.length) {
    document.tags = tags
  }
  const [excerpt] = meta('meta[name="description"]')
  if (excerpt) {
    document.excerpt = excerpt
  }
  const [publishedAt] = meta('meta[property="article:published_time"]')
  if (publishedAt) {
    try {
      document.publishedAt = parseStatedDate(publishedAt)
    } catch (error) {
      const element = page.querySelector('meta[property="article:published_time"]')
      throw new DocumentParseError(`article:published_time: ${(error as Error).message}`, lineOf(element))
    }
  }

  const sourceWords = countWords(body.textContent ?? '')
  if (sourceWords === 0) {
    throw new DocumentParseError('empty body: no text besides the title', lineOf(body))
  }
  const unsafeLinks = [...body.querySelectorAll('a[href]')].flatMap((link) => {
    const url = link.getAttribute('href') ?? ''
    return isSafeUrl(url) ? [] : [{ line: lineOf(link), url }]
  })
  document.content = convertHTMLToLexical({ editorConfig, html: body.innerHTML, JSDOM }) as never
  const kept = plainTextOf(document.content)
  const keptWords = countWords(kept)
  if (keptWords < sourceWords) {
    const lost = firstLostElement(body, kept) ?? body
    throw new DocumentParseError(
      `the HTML → rich text conversion would lose or run together words (${sourceWords - keptWords} of ${sourceWords}), ` +
        `first in <${lost.tagName.toLowerCase()}>`,
      lineOf(lost),
    )
  }
  warnings.push(...removeUnsafeLinks(document.content, lineOfLinks(unsafeLinks, lineOf(body))))
  if (warnings.length) {
    document.warnings = warnings
  }
  return document
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}

/** The first element without child elements that has a word missing from the converted text. */
function firstLostElement(root: Element, kept: string): Element | undefined {
  const keptWords = new Set(kept.split(/\s+/u))
  for (const element of root.querySelectorAll('*')) {
    const words = (element.textContent ?? '').split(/\s+/u).filter(Boolean)
    if (element.children.length === 0 && words.some((word) => !keptWords.has(word))) {
      return element
    }
  }
  return undefined
}

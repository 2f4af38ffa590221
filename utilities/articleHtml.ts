import type { SerializedLinkNode, SerializedUploadNode } from '@payloadcms/richtext-lexical'
import type { HTMLConvertersAsync } from '@payloadcms/richtext-lexical/html-async'

import { convertLexicalToHTMLAsync, defaultHTMLConvertersAsync } from '@payloadcms/richtext-lexical/html-async'
import { LRUCache } from 'lru-cache'
import sanitizeHtml from 'sanitize-html'

import type { PublicPageKind, SiteSettings } from '../src/settings'
import type { RichText } from './lexicalText'

import { imageSources } from './imageSources'
import { publicUrl } from './publicUrls'
import { isSafeHref, LINK_SCHEMES } from './safeHref'

/** Looks up a related document by id for the converters (the package does not export the type by name). */
export type HTMLPopulateFn = NonNullable<Parameters<typeof convertLexicalToHTMLAsync>[0]['populate']>

/** Collections an internal link may point to, and the public page each one has. */
const LINKED_PAGES: Record<string, PublicPageKind> = { articles: 'article', authors: 'author', tags: 'tag' }

/** The slot a body image fills: the full width of a phone, else the reference site's 768 px column. */
const BODY_IMAGE_SIZES = '(max-width: 768px) 100vw, 768px'

/** Lexical's text format bits (lexical's TextFormatType, as Payload's own text converter reads them). */
const FORMAT = { bold: 1, code: 16, italic: 2, strikethrough: 4, subscript: 32, superscript: 64, underline: 8 }

/** What the HTML needs of a media document (Payload's upload fields and ours, collections/Media.ts). */
export type MediaForHtml = {
  alt?: null | string
  caption?: null | string
  credit?: null | string
  filename?: null | string
  height?: null | number
  mimeType?: null | string
  sizes?: null | Record<string, { url?: null | string; width?: null | number } | null | undefined>
  url?: null | string
  width?: null | number
}

/**
 * What may be left in an article's HTML: the elements the converters below write, with only the attributes that
 * carry meaning (no `style`, `class` or event handler), and links only to web, mail and phone addresses.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedAttributes: {
    a: ['href', 'rel', 'target'],
    img: ['alt', 'height', 'loading', 'sizes', 'src', 'srcset', 'width'],
    ol: ['start'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: [...LINK_SCHEMES],
  allowedTags: [
    'a',
    'blockquote',
    'br',
    'code',
    'em',
    'figcaption',
    'figure',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'img',
    'li',
    'ol',
    'p',
    's',
    'strong',
    'sub',
    'sup',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'tr',
    'u',
    'ul',
  ],
  // An `alt` must stay even when empty: it tells screen readers the image is decorative.
  nonBooleanAttributes: [],
}

/**
 * Characters of converted and sanitised HTML kept, keys and values together (about 2 bytes each: under 16 MB).
 * Sanitising is a pure function of the converted HTML, and parsing it again was the largest part of the rendition
 * on every read that missed the response cache; a story is read again far more often than it changes.
 */
const SANITISED_HTML_CHARACTERS = 8_000_000

const sanitised = new LRUCache<string, string>({
  maxSize: SANITISED_HTML_CHARACTERS,
  sizeCalculation: (value, key) => Math.max(1, key.length + value.length),
})

/** `sanitizeHtml(html, SANITIZE)`, answered from {@link sanitised} when the same HTML was sanitised before. */
function sanitise(html: string): string {
  let clean = sanitised.get(html)
  if (clean === undefined) {
    clean = sanitizeHtml(html, SANITIZE)
    sanitised.set(html, clean)
  }
  return clean
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** A media document as a figure: the image at its sizes, its caption and credit below. */
function figureOf(media: MediaForHtml, altOverride?: string): string {
  // The site's own rule (utilities/imageSources.ts): cropped sizes of another shape are left out.
  const srcset = imageSources(media as Parameters<typeof imageSources>[0])?.srcSet
  const attributes = [
    `src="${escapeHtml(media.url ?? '')}"`,
    srcset && `srcset="${escapeHtml(srcset)}" sizes="${BODY_IMAGE_SIZES}"`,
    `alt="${escapeHtml(altOverride || media.alt || '')}"`,
    media.width && `width="${media.width}"`,
    media.height && `height="${media.height}"`,
    'loading="lazy"',
  ].filter(Boolean)
  const caption = [media.caption, media.credit]
    .filter(Boolean)
    .map((part) => escapeHtml(part!))
    .join(' — ')
  return `<figure><img ${attributes.join(' ')}>${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`
}

/**
 * The converters: Payload's defaults, with semantic elements where those write inline styles (strikethrough,
 * underline, list items), images as figures with `srcset` and caption, internal links to the public pages, and
 * nothing for nodes no converter knows (Payload writes "unknown node" into the text).
 */
function converters({ site }: { site: SiteSettings }): HTMLConvertersAsync {
  return {
    ...defaultHTMLConvertersAsync,
    link: async ({ node, nodesToHTML, populate }) => {
      const { fields } = node
      let href = fields.url ?? ''
      if (fields.linkType === 'internal' && fields.doc) {
        href = await internalHref({ doc: fields.doc, populate, site })
      }
      const children = (await nodesToHTML({ nodes: node.children })).join('')
      const newTab = fields.newTab ? ' rel="noopener noreferrer" target="_blank"' : ''
      return isSafeHref(href) ? `<a href="${escapeHtml(href)}"${newTab}>${children}</a>` : children
    },
    list: async ({ node, nodesToHTML }) => {
      const tag = node.tag === 'ol' ? 'ol' : 'ul'
      const start = tag === 'ol' && node.start > 1 ? ` start="${Number(node.start)}"` : ''
      return `<${tag}${start}>${(await nodesToHTML({ nodes: node.children })).join('')}</${tag}>`
    },
    listitem: async ({ node, nodesToHTML }) => `<li>${(await nodesToHTML({ nodes: node.children })).join('')}</li>`,
    paragraph: async ({ node, nodesToHTML }) => {
      const children = (await nodesToHTML({ nodes: node.children })).join('')
      // An empty paragraph is the editor's spacing, not content.
      return children ? `<p>${children}</p>` : ''
    },
    text: ({ node }) => {
      let html = escapeHtml(node.text)
      const wrap = (bit: number, tag: string) => {
        if (node.format & bit) {
          html = `<${tag}>${html}</${tag}>`
        }
      }
      wrap(FORMAT.bold, 'strong')
      wrap(FORMAT.italic, 'em')
      wrap(FORMAT.strikethrough, 's')
      wrap(FORMAT.underline, 'u')
      wrap(FORMAT.code, 'code')
      wrap(FORMAT.subscript, 'sub')
      wrap(FORMAT.superscript, 'sup')
      return html
    },
    unknown: () => '',
    upload: async ({ node, populate }) => {
      const { fields, relationTo, value } = node
      const media = (
        typeof value === 'object' ? value : await populate?.({ id: value, collectionSlug: relationTo })
      ) as MediaForHtml | undefined
      if (!media?.url) {
        return ''
      }
      const alt = typeof fields?.alt === 'string' ? fields.alt : undefined
      return media.mimeType?.startsWith('image/')
        ? figureOf(media, alt)
        : `<a href="${escapeHtml(media.url)}">${escapeHtml(media.filename ?? media.url)}</a>`
    },
  }
}

/** Where an internal link goes: the public page of an article, author or tag, the file of a media document. */
async function internalHref({
  doc,
  populate,
  site,
}: {
  doc: NonNullable<SerializedLinkNode['fields']['doc']>
  populate?: HTMLPopulateFn
  site: SiteSettings
}): Promise<string> {
  const target = (
    typeof doc.value === 'object' ? doc.value : await populate?.({ id: doc.value, collectionSlug: doc.relationTo })
  ) as { slug?: string; url?: string } | undefined
  const kind = LINKED_PAGES[doc.relationTo]
  if (kind && target?.slug) {
    return publicUrl({ slug: target.slug, kind, site })
  }
  // A target the reader may not see (a draft, a deleted story) leaves the text without a link.
  return target?.url ?? ''
}

/**
 * An article body as HTML: Payload's Lexical → HTML converter (async, so images and internal links are looked
 * up), with the converters above, then sanitised to the elements and attributes in {@link SANITIZE}.
 *
 * @param args.content - the Lexical document (a `richText` field's value), or null/undefined.
 * @param args.populate - looks up a related document by id (Payload's populate function, with the reader's
 *   access); without it, only images and links already populated in `content` are written.
 * @param args.site - the public site settings, for internal links.
 * @returns semantic HTML without a wrapping element; "" for an empty or missing body.
 */
export async function articleHtml({
  content,
  populate,
  site,
}: {
  content: RichText
  populate?: HTMLPopulateFn
  site: SiteSettings
}): Promise<string> {
  if (!content?.root) {
    return ''
  }
  const html = await convertLexicalToHTMLAsync({
    converters: converters({ site }),
    data: content,
    disableContainer: true,
    disableIndent: true,
    disableTextAlign: true,
    populate,
  })
  return sanitise(html)
}

import type { SerializedUploadNode } from '@payloadcms/richtext-lexical'
import type { JSXConvertersFunction } from '@payloadcms/richtext-lexical/react'

import { LinkJSXConverter, RichText } from '@payloadcms/richtext-lexical/react'

import type { Media } from '../../payload-types'
import type { SiteSettings } from '../../settings'

import { publicUrl } from '../../../utilities/publicUrls'
import { isSafeHref } from '../../../utilities/safeHref'
import { Picture } from './Picture'

/** A link node's converter, as Payload's LinkJSXConverter makes it. */
type LinkConverter = Extract<NonNullable<ReturnType<typeof LinkJSXConverter>['link']>, (...args: never[]) => unknown>

/** The public page kind of each collection an internal link may point to. */
const KIND_OF = { articles: 'article', authors: 'author', tags: 'tag' } as const

/**
 * Payload's own Lexical-to-JSX converters (headings, lists, quotes, links, …), with two of Newsdesk's: internal
 * links go to the linked document's public page, and images carry every stored width in `srcset`, their caption
 * and credit, and always an `alt`.
 */
function convertersFor(site: SiteSettings): JSXConvertersFunction {
  const links = LinkJSXConverter({
    internalDocToHref: ({ linkNode }) => {
      const { relationTo, value } = linkNode.fields.doc ?? {}
      const kind = KIND_OF[relationTo as keyof typeof KIND_OF]
      const slug = typeof value === 'object' && value ? (value as { slug?: string }).slug : undefined
      // A link to something readers cannot see (a draft, a deleted story) keeps its text and goes nowhere.
      return kind && slug ? publicUrl({ slug, kind, site }) : '#'
    },
  })
  // The same schemes as the HTML rendition (utilities/safeHref.ts): any other custom link keeps only its text.
  const guarded = <T,>(convert: T): T =>
    ((args: Parameters<LinkConverter>[0]) => {
      const { fields } = args.node as { fields?: { linkType?: string; url?: string } }
      return fields?.linkType !== 'internal' && !isSafeHref(fields?.url ?? '') ? (
        <>{args.nodesToJSX({ nodes: args.node.children })}</>
      ) : (
        (convert as LinkConverter)(args)
      )
    }) as T
  return ({ defaultConverters }) => ({
    ...defaultConverters,
    ...links,
    autolink: guarded(links.autolink),
    link: guarded(links.link),
    upload: ({ node }: { node: SerializedUploadNode }) => {
      const upload = node
      const media = upload.value as Media | number | string
      if (typeof media !== 'object' || !media.mimeType?.startsWith('image/')) {
        return null
      }
      const credit = media.credit ? <span className="credit">{media.credit}</span> : null
      return (
        <figure className="inline-figure">
          <Picture
            alt={(upload.fields as { alt?: string } | undefined)?.alt}
            media={media}
            sizes="(min-width: 46rem) 42rem, 92vw"
          />
          {media.caption || credit ? (
            <figcaption>
              {media.caption} {credit}
            </figcaption>
          ) : null}
        </figure>
      )
    },
  })
}

/** An article's body (`content`, Lexical JSON) as HTML through Payload's RichText component. */
export function ArticleBody({ content, site }: { content: unknown; site: SiteSettings }) {
  if (!content) {
    return null
  }
  return (
    <RichText
      className="article-body"
      converters={convertersFor(site)}
      data={content as Parameters<typeof RichText>[0]['data']}
      disableIndent
      disableTextAlign
    />
  )
}

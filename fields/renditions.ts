import type { Field, FieldHook, JsonObject } from 'payload'

import { getPayloadPopulateFn } from '@payloadcms/richtext-lexical'

import type { HTMLPopulateFn, MediaForHtml } from '../utilities/articleHtml'
import type { RichText } from '../utilities/lexicalText'

import { getSettings } from '../src/settings'
import { articleHtml } from '../utilities/articleHtml'
import { plainTextOf } from '../utilities/lexicalText'
import { newsArticleJsonLd } from '../utilities/newsArticleJsonLd'
import { relationId } from '../utilities/relationId'

type HookArgs = Parameters<FieldHook>[0]

/**
 * The sibling fields a rendition is made from. A read whose `select` left some of them out (`select[contentHtml]=
 * true` alone) gets them from the same document, as the same reader would: one more query, only for such reads.
 *
 * @returns the fields, or undefined when the document cannot be read again (a version without an id).
 */
async function sourcesOf({ args, names }: { args: HookArgs; names: string[] }): Promise<JsonObject | undefined> {
  const { collection, draft, req, siblingData } = args
  if (names.every((name) => name in siblingData)) {
    return siblingData as JsonObject
  }
  const id = relationId((siblingData as { id?: unknown }).id)
  if (id === undefined || !collection) {
    return undefined
  }
  const doc = await req.payload.findByID({
    id,
    collection: collection.slug as 'articles',
    depth: 0,
    disableErrors: true,
    draft: draft ?? false,
    // The reader is reading this very document already: these are more of its own fields.
    overrideAccess: true,
    req,
    select: Object.fromEntries(names.map((name) => [name, true])),
    trash: true,
  })
  return doc ? { ...(doc as JsonObject), ...siblingData } : undefined
}

/**
 * Payload's populate function for the converters, one level below the document whatever the read's `depth`: an
 * image or a link in the body must be looked up even at `depth=0`. Lookups go through the request's DataLoader,
 * so the articles of one list share them, and with the reader's access.
 */
function populateFor(args: HookArgs): Promise<HTMLPopulateFn> {
  const currentDepth = args.currentDepth ?? 0
  return getPayloadPopulateFn({
    currentDepth,
    depth: currentDepth + 1,
    draft: args.draft ?? false,
    overrideAccess: args.overrideAccess ?? false,
    req: args.req,
    showHiddenFields: false,
  })
}

/**
 * `contentHtml`: the body (`content`) as sanitised, semantic HTML (utilities/articleHtml.ts), computed on every
 * read from the body being read, so it always matches it, drafts and versions included. Virtual: never stored,
 * read-only, selectable like any field (REST `select`, GraphQL).
 */
export function contentHtmlField(): Field {
  return {
    name: 'contentHtml',
    type: 'textarea',
    admin: { hidden: true },
    hooks: {
      afterRead: [
        async (args) => {
          const sources = await sourcesOf({ args, names: ['content'] })
          if (!sources) {
            return undefined
          }
          return articleHtml({
            content: sources.content as RichText,
            populate: await populateFor(args),
            site: getSettings().site,
          })
        },
      ],
    },
    virtual: true,
  }
}

/**
 * `contentText`: the body as plain text, paragraphs (and headings, list items, quotes) separated by a blank line
 * (utilities/lexicalText.ts, Payload's plain-text converter). Virtual, like {@link contentHtmlField}.
 */
export function contentTextField(): Field {
  return {
    name: 'contentText',
    type: 'textarea',
    admin: { hidden: true },
    hooks: {
      afterRead: [
        async (args) => {
          const sources = await sourcesOf({ args, names: ['content'] })
          return sources ? plainTextOf(sources.content as RichText) : undefined
        },
      ],
    },
    virtual: true,
  }
}

/** The article fields the JSON-LD is made from. */
const JSON_LD_SOURCES = [
  'authors',
  'createdAt',
  'excerpt',
  'heroImage',
  'meta',
  'publishedAt',
  'slug',
  'tags',
  'title',
  'updatedAt',
  'wordCount',
]

/** Related documents, looked up through Payload's populate (the reader's access, the request's DataLoader). */
async function related<T>({
  collectionSlug,
  ids,
  populate,
  select,
}: {
  collectionSlug: string
  ids: unknown
  populate: HTMLPopulateFn
  select?: Record<string, true>
}): Promise<T[]> {
  const list = (Array.isArray(ids) ? ids : [ids]).map(relationId).filter((id) => id !== undefined)
  const found = await Promise.all(list.map((id) => populate<object>({ id, collectionSlug, select })))
  // A related document the reader may not see (or that is gone) is left out, as Payload leaves it out.
  return found.filter((doc): doc is object & T => typeof doc === 'object' && doc !== null) as T[]
}

/**
 * `jsonLd`: the article's schema.org `NewsArticle` (utilities/newsArticleJsonLd.ts) with its byline, tags and hero
 * image as the reader may see them and URLs on the public site. Virtual, like {@link contentHtmlField}.
 */
export function jsonLdField(): Field {
  return {
    name: 'jsonLd',
    type: 'json',
    admin: { hidden: true },
    hooks: {
      afterRead: [
        async (args) => {
          const sources = await sourcesOf({ args, names: JSON_LD_SOURCES })
          if (!sources) {
            return undefined
          }
          const populate = await populateFor(args)
          const [authors, tags, heroes] = await Promise.all([
            related<{ name: string; slug?: string }>({
              collectionSlug: 'authors',
              ids: sources.authors ?? [],
              populate,
              select: { name: true, slug: true },
            }),
            related<{ name: string }>({
              collectionSlug: 'tags',
              ids: sources.tags ?? [],
              populate,
              select: { name: true },
            }),
            related<MediaForHtml>({ collectionSlug: 'media', ids: sources.heroImage ?? [], populate }),
          ])
          const settings = getSettings()
          return newsArticleJsonLd({
            article: {
              slug: sources.slug as string,
              authors,
              createdAt: sources.createdAt as string,
              excerpt: sources.excerpt as string,
              hero: heroes[0],
              metaDescription: (sources.meta as { description?: string } | undefined)?.description,
              publishedAt: sources.publishedAt as string,
              tags,
              title: sources.title as string,
              updatedAt: sources.updatedAt as string,
              wordCount: sources.wordCount as number,
            },
            // Payload's media URLs are relative to the server when SERVER_URL is unset (outside production).
            mediaBase: settings.serverUrl ?? settings.site.url,
            site: settings.site,
          })
        },
      ],
    },
    virtual: true,
  }
}

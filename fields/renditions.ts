import type { CollectionAfterReadHook, CollectionSlug, Field, FieldHook, JSONField, JsonObject } from 'payload'

import { createDataloaderCacheKey } from 'payload'

import type { HTMLPopulateFn, MediaForHtml } from '../utilities/articleHtml'
import type { RichText } from '../utilities/lexicalText'

import { getSettings } from '../src/settings'
import { articleHtml } from '../utilities/articleHtml'
import { plainTextOf } from '../utilities/lexicalText'
import { newsArticleJsonLd } from '../utilities/newsArticleJsonLd'
import { serverOrigin } from '../utilities/publicUrls'
import { relationId } from '../utilities/relationId'

type HookArgs = Parameters<FieldHook>[0]
/** A JSON Schema as Payload's `typescriptSchema` returns one (the type is not exported by name). */
type JSONSchema4 = ReturnType<NonNullable<JSONField['typescriptSchema']>[number]>

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
    // With the reader's own access, as the read itself ran: with more, `draft=true` would find the newest draft
    // where the reader was given the published version (an anonymous reader read a pending draft's body that way).
    overrideAccess: args.overrideAccess ?? false,
    req,
    select: Object.fromEntries(names.map((name) => [name, true])),
    trash: true,
    user: req.user,
  })
  return doc ? { ...(doc as JsonObject), ...siblingData } : undefined
}

/**
 * The depth lookups for a rendition run at: the read's own, so that they share the request's DataLoader entries
 * with Payload's population of the same relationships (one query, not two), and at least one level below the
 * document, since an image or a link in the body must be looked up even at `depth=0`.
 */
function lookupDepth(args: HookArgs): { currentDepth: number; depth: number } {
  const currentDepth = args.currentDepth ?? 1
  return { currentDepth, depth: Math.max(args.depth ?? args.req.payload.config.defaultDepth, currentDepth) }
}

/**
 * Looks up related documents for a rendition as the reader may see them, with the very DataLoader key Payload's
 * own population of the same relationship uses (payload 3.90 afterRead relationshipPopulationPromise, and
 * richtext-lexical's upload node hook: the collection's `defaultPopulate`, the read's depth, draft, access and
 * hidden-field flag as the hook has them), so the rendition and the populated field share one query. A document the
 * reader may not see, or one in the trash, comes back as undefined.
 */
function loaderFor(args: HookArgs): HTMLPopulateFn {
  const { req } = args
  const { currentDepth, depth } = lookupDepth(args)
  return (async ({ id, collectionSlug, select }) => {
    const doc = (await req.payloadDataLoader.load(
      createDataloaderCacheKey({
        collectionSlug,
        currentDepth: currentDepth + 1,
        depth,
        docID: id,
        draft: args.draft,
        fallbackLocale: req.fallbackLocale,
        locale: req.locale,
        overrideAccess: args.overrideAccess,
        select: select ?? req.payload.collections[collectionSlug as CollectionSlug]?.config.defaultPopulate,
        showHiddenFields: args.showHiddenFields,
        transactionID: req.transactionID,
        // As the hook has them, unset ones included: the key must be the population's byte for byte.
      } as Parameters<typeof createDataloaderCacheKey>[0]),
    )) as { deletedAt?: unknown } | null | undefined
    return doc && !doc.deletedAt ? doc : undefined
  }) as HTMLPopulateFn
}

/**
 * A read-only, virtual field computed by `compute` from the sibling fields `sources` on every read ({@link sourcesOf}
 * fetches those a `select` left out), never stored, selectable like any field (REST `select`, GraphQL) and hidden in
 * the admin panel. Over REST and the Local API, Payload returns every field a `select` does not leave out, so it is
 * computed then and there. Over GraphQL, where the query names the fields it wants but Payload reads every field
 * regardless, the hook returns a function instead, which GraphQL's default resolver calls only when the query
 * selects the field (graphql-js `defaultFieldResolver`): a query for headlines pays for no HTML or JSON-LD.
 */
function renditionField({
  name,
  type,
  compute,
  jsonSchema,
  sources,
}: {
  compute: (args: { args: HookArgs; sources: JsonObject }) => Promise<unknown> | unknown
  /** The JSON Schema of a `json` rendition's value, for the generated types and the OpenAPI document. */
  jsonSchema?: JSONSchema4
  name: string
  sources: string[]
  type: 'json' | 'textarea'
}): Field {
  const read = async (args: HookArgs) => {
    const found = await sourcesOf({ args, names: sources })
    return found ? compute({ args, sources: found }) : undefined
  }
  return {
    name,
    type,
    admin: { hidden: true },
    hooks: { afterRead: [(args) => (args.req.payloadAPI === 'GraphQL' ? () => read(args) : read(args))] },
    ...(jsonSchema ? { typescriptSchema: [() => jsonSchema] } : {}),
    virtual: true,
  }
}

/**
 * `contentHtml`: the body (`content`) as sanitised, semantic HTML (utilities/articleHtml.ts), from the body being
 * read, so it always matches it, drafts and versions included ({@link renditionField}).
 */
export const contentHtmlField = (): Field =>
  renditionField({
    name: 'contentHtml',
    type: 'textarea',
    compute: ({ args, sources }) =>
      articleHtml({ content: sources.content as RichText, populate: loaderFor(args), site: getSettings().site }),
    sources: ['content'],
  })

/**
 * `contentText`: the body as plain text, paragraphs (and headings, list items, quotes) separated by a blank line
 * (utilities/lexicalText.ts, Payload's plain-text converter; {@link renditionField}).
 */
export const contentTextField = (): Field =>
  renditionField({
    name: 'contentText',
    type: 'textarea',
    compute: ({ sources }) => plainTextOf(sources.content as RichText),
    sources: ['content'],
  })

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

/** The documents a relationship of the article points to that the reader may see ({@link loaderFor}), in order. */
async function related<T>({
  args,
  collectionSlug,
  ids,
}: {
  args: HookArgs
  collectionSlug: CollectionSlug
  ids: unknown
}): Promise<T[]> {
  const load = loaderFor(args)
  const list = (Array.isArray(ids) ? ids : [ids]).map(relationId).filter((id) => id !== undefined)
  const found = await Promise.all(list.map((id) => load({ id, collectionSlug })))
  return found.filter((doc) => doc !== undefined) as T[]
}

/**
 * `jsonLd`: the article's schema.org `NewsArticle` (utilities/newsArticleJsonLd.ts) with its byline, tags and hero
 * image as the reader may see them and URLs on the public site ({@link renditionField}).
 */
export const jsonLdField = (): Field =>
  renditionField({
    name: 'jsonLd',
    type: 'json',
    compute: async ({ args, sources }) => {
      const [authors, tags, heroes] = await Promise.all([
        related<{ name: string; slug?: string }>({ args, collectionSlug: 'authors', ids: sources.authors ?? [] }),
        related<{ name: string }>({ args, collectionSlug: 'tags', ids: sources.tags ?? [] }),
        related<MediaForHtml>({ args, collectionSlug: 'media', ids: sources.heroImage ?? [] }),
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
        mediaBase: serverOrigin(settings),
        site: settings.site,
      })
    },
    // A JSON-LD object, never a bare value: `@context` and `@type` always, the rest as utilities/newsArticleJsonLd.ts.
    jsonSchema: {
      type: 'object',
      additionalProperties: true,
      properties: { '@context': { type: 'string' }, '@type': { type: 'string' } },
      required: ['@context', '@type'],
    },
    sources: JSON_LD_SOURCES,
  })

/** The renditions' field names, in the order every answer lists them. */
const RENDITION_NAMES: readonly string[] = ['contentHtml', 'contentText', 'jsonLd']

/**
 * Collection `afterRead` hook: lists the renditions a document carries last, always in {@link RENDITION_NAMES}'s
 * order. Their field hooks are asynchronous and Payload adds each value as its hook settles, so the same document
 * could otherwise come out with its keys in another order from one read to the next: equal JSON, other bytes, and
 * so another strong ETag, which made a client's `If-None-Match` miss.
 *
 * @param args.doc - the document as read (renditions left out by a `select` stay out).
 * @returns the document with its own keys in their order, then the renditions it has; itself when it has none.
 */
export const orderRenditions: CollectionAfterReadHook = ({ doc }) => {
  const present = RENDITION_NAMES.filter((name) => name in doc)
  if (present.length === 0) {
    return doc
  }
  const ordered: JsonObject = {}
  for (const [key, value] of Object.entries(doc as JsonObject)) {
    if (!RENDITION_NAMES.includes(key)) {
      ordered[key] = value
    }
  }
  for (const name of present) {
    ordered[name] = (doc as JsonObject)[name]
  }
  return ordered
}

import type { ContentAction, ContentChange, PublicCollection } from '../contentEvents'
import type { PublicPageKind, SiteSettings } from '../settings'

import { publicUrl } from '../../utilities/publicUrls'

/**
 * The events a webhook can subscribe to, named `<document>.<what happened>` as readers see it. Articles: a trash
 * counts as an unpublish and a restore as a publish (the page goes and comes back); draft saves send nothing,
 * since readers cannot see them. Authors, tags and media: every create, update and delete is public.
 */
export const WEBHOOK_EVENTS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.deleted',
  'author.created',
  'author.updated',
  'author.deleted',
  'tag.created',
  'tag.updated',
  'tag.deleted',
  'media.created',
  'media.updated',
  'media.deleted',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/** Singular names, as in the events and in the cache's Surrogate-Keys (src/http/responseCache.ts). */
const SINGULAR: Record<PublicCollection, 'article' | 'author' | 'media' | 'tag'> = {
  articles: 'article',
  authors: 'author',
  media: 'media',
  tags: 'tag',
}

const ARTICLE_EVENTS: Record<ContentAction, WebhookEvent> = {
  create: 'article.published',
  delete: 'article.deleted',
  publish: 'article.published',
  restore: 'article.published',
  trash: 'article.unpublished',
  unpublish: 'article.unpublished',
  update: 'article.updated',
}

/**
 * The webhook event of a content change.
 *
 * @returns e.g. `article.published` for an article's `publish`, `tag.updated` for a tag's `update`; undefined for
 *   an action that has no event (a trash or restore outside articles, which do not happen).
 */
export function webhookEventOf(change: Pick<ContentChange, 'action' | 'collection'>): undefined | WebhookEvent {
  if (change.collection === 'articles') {
    return ARTICLE_EVENTS[change.action]
  }
  const event = `${SINGULAR[change.collection]}.${change.action === 'create' ? 'created' : change.action === 'delete' ? 'deleted' : 'updated'}`
  return change.action === 'trash' || change.action === 'restore' ? undefined : (event as WebhookEvent)
}

/** The body of a webhook request, in the Standard Webhooks payload shape (`type`, `timestamp`, `data`). */
export type WebhookMessage = {
  data: {
    collection: PublicCollection
    id: number | string
    slug: null | string
    /**
     * The CDN keys to purge: the collection, the document and the documents whose pages show it, as the API's
     * `Surrogate-Key` headers name them (`articles`, `article:12`, `author:3`).
     */
    surrogateKeys: string[]
    /** The public page of the document (where it was, for a delete or unpublish); null for media. */
    url: null | string
  }
  /** When the change was made, ISO 8601. */
  timestamp: string
  type: WebhookEvent
}

const PAGE_KINDS: Partial<Record<PublicCollection, PublicPageKind>> = {
  articles: 'article',
  authors: 'author',
  tags: 'tag',
}

/**
 * The message a change sends.
 *
 * @param args.change - the content change.
 * @param args.event - its event ({@link webhookEventOf}).
 * @param args.site - the public site, for the page URL (utilities/publicUrls.ts).
 * @param args.at - when it happened.
 */
export function webhookMessage({
  at,
  change,
  event,
  site,
}: {
  at: Date
  change: ContentChange
  event: WebhookEvent
  site: SiteSettings
}): WebhookMessage {
  const kind = PAGE_KINDS[change.collection]
  const keys = [
    change.collection,
    `${SINGULAR[change.collection]}:${String(change.id)}`,
    ...change.affects.map((ref) => `${SINGULAR[ref.collection]}:${String(ref.id)}`),
  ]
  return {
    type: event,
    data: {
      id: change.id,
      slug: change.slug ?? null,
      collection: change.collection,
      surrogateKeys: [...new Set(keys)],
      url: kind && change.slug ? publicUrl({ slug: change.slug, kind, site }) : null,
    },
    timestamp: at.toISOString(),
  }
}

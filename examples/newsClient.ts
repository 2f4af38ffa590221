// A typed client for a TypeScript frontend: Payload's own SDK (@payloadcms/sdk, the same version as payload) with
// the generated document types (src/payload-types.ts), so a query, its `select` and the answer's shape are checked
// by the compiler. A frontend copies payload-types.ts (or imports it from this repository) and installs the SDK.
import { PayloadSDK } from '@payloadcms/sdk'

import type { Config } from '../src/payload-types'

/** The SDK typed with this CMS's collections. */
export type NewsClient = PayloadSDK<Config>

/** What a front page lists for one story. */
export type Headline = {
  /** The authors' names, in byline order. */
  byline: string[]
  publishedAt: null | string
  slug: null | string
  title: string
}

/**
 * A client for the API at `baseURL`.
 *
 * @param args.baseURL - the API's root, e.g. `https://cms.example.com/api`.
 * @param args.fetch - a `fetch` of your own (server-side caching, tests); the global one by default.
 * @returns the client.
 */
export function createNewsClient({ baseURL, fetch }: { baseURL: string; fetch?: typeof globalThis.fetch }): NewsClient {
  return new PayloadSDK<Config>({ baseURL, fetch })
}

/**
 * The newest published stories, newest first, with only what a list needs (`select`; authors populated with
 * their default fields, name and slug, at depth 1). Anonymous: drafts never come back.
 *
 * @param client - from {@link createNewsClient}.
 * @param limit - how many, from 1 to 100 (the API's anonymous limit).
 * @returns the headlines.
 * @throws PayloadSDKError when the API answers an error (its `errors[0].message` says what).
 */
export async function latestHeadlines(client: NewsClient, limit = 10): Promise<Headline[]> {
  const page = await client.find({
    collection: 'articles',
    depth: 1,
    limit,
    select: { slug: true, authors: true, publishedAt: true, title: true },
    sort: '-publishedAt',
  })
  return page.docs.map((article) => ({
    slug: article.slug ?? null,
    byline: (article.authors ?? []).flatMap((author) => (typeof author === 'object' ? [author.name] : [])),
    publishedAt: article.publishedAt ?? null,
    title: article.title,
  }))
}

/**
 * One published story by its slug, with its hero image, authors and tags populated.
 *
 * @param client - from {@link createNewsClient}.
 * @param slug - the story's slug.
 * @returns the article, or null when there is none (or it is not published).
 */
export async function articleBySlug(client: NewsClient, slug: string) {
  const page = await client.find({ collection: 'articles', depth: 1, limit: 1, where: { slug: { equals: slug } } })
  return page.docs[0] ?? null
}

/**
 * What the reference site reads, and only what an anonymous reader may: every query goes through the Local API
 * with `overrideAccess: false` and no user, so the collections' own read rules decide (published, not trashed),
 * as they do for the public REST and GraphQL APIs. A draft preview adds the preview token as the request's
 * `Authorization: Preview <token>` header, the one door access/previewClaim.ts reads it from.
 */
import type { PaginatedDocs, Payload } from 'payload'

import config from '@payload-config'
import { getPayload } from 'payload'
import { cache } from 'react'

import type { Article, Author, Tag } from '../payload-types'

import { verifyPreviewToken } from '../../utilities/previewToken'
import { getSettings } from '../settings'

/** What a list shows of a story. */
export type Story = Pick<
  Article,
  'authors' | 'excerpt' | 'heroImage' | 'id' | 'publishedAt' | 'readingTime' | 'slug' | 'title'
>

/** Stories on one page of a list (home, author, tag). */
export const PAGE_SIZE = 10

/** The Payload instance the route handlers share (Payload keeps one per config on globalThis). */
export const sitePayload = (): Promise<Payload> => getPayload({ config })

/**
 * Published stories, newest first, optionally only those of one author or tag.
 *
 * @param args.page - the page, from 1.
 * @param args.where - `{ authors: id }` or `{ tags: id }` to narrow the list.
 * @returns Payload's paginated answer; hero images and bylines populated (depth 1).
 */
export async function latestStories({
  page,
  where,
}: {
  page: number
  where?: { authors: number | string } | { tags: number | string }
}): Promise<PaginatedDocs<Story>> {
  const payload = await sitePayload()
  const [field, id] = where ? Object.entries(where)[0] : []
  return payload.find({
    collection: 'articles',
    depth: 1,
    limit: PAGE_SIZE,
    overrideAccess: false,
    page,
    select: {
      slug: true,
      authors: true,
      excerpt: true,
      heroImage: true,
      publishedAt: true,
      readingTime: true,
      title: true,
    },
    sort: '-publishedAt',
    where: field ? { [field]: { in: [id] } } : undefined,
  })
}

/**
 * Whether a `?preview=` token verifies (utilities/previewToken.ts): checked here first, so that an expired or
 * altered token gives the page every reader gets rather than the 401 the API answers it with.
 */
async function isValidPreviewToken(token: string): Promise<boolean> {
  try {
    await verifyPreviewToken({ secret: getSettings().secret.value, token })
    return true
  } catch {
    return false
  }
}

/**
 * One article by slug, as a reader sees it, or the latest draft when `previewToken` is a valid token for it.
 * Cached per request (React `cache`) so the page and its metadata read it once.
 *
 * @param slug - the article's slug (its public URL's segment).
 * @param previewToken - the `?preview=` parameter, if any. An expired, altered or foreign token falls back to
 *   the published story (or none): the page then shows what any reader sees.
 * @returns the article at depth 2 (hero image, bylines, tags, images in the body), and whether it is a preview.
 */
export const findArticle = cache(
  async (slug: string, previewToken?: string): Promise<{ article?: Article; isPreview: boolean }> => {
    const payload = await sitePayload()
    const read = async (token?: string) => {
      const { docs } = await payload.find({
        collection: 'articles',
        depth: 2,
        draft: token !== undefined,
        limit: 1,
        overrideAccess: false,
        pagination: false,
        req: token === undefined ? undefined : { headers: new Headers({ authorization: `Preview ${token}` }) },
        // The page renders the body with the React converter: the HTML rendition would be made for nothing.
        select: { contentHtml: false },
        where: { slug: { equals: slug } },
      })
      return docs[0]
    }
    if (previewToken && (await isValidPreviewToken(previewToken))) {
      // A token that expired since the check is refused with a 401 (access/previewClaim.ts): no preview either.
      const draft = await read(previewToken).catch((error: unknown) => {
        if ((error as { status?: unknown }).status === 401) {
          return undefined
        }
        throw error
      })
      // A valid token for another article reads this slug as any reader does: that is no preview.
      if (draft && draft._status !== 'published') {
        return { article: draft, isPreview: true }
      }
    }
    return { article: await read(), isPreview: false }
  },
)

/** One author by slug, their avatar populated; cached per request (the page and its metadata share it). */
export const findAuthor = cache(async (slug: string): Promise<Author | undefined> => {
  const payload = await sitePayload()
  const { docs } = await payload.find({
    collection: 'authors',
    depth: 1,
    // The page lists their stories itself, published ones only, a page at a time.
    joins: { articles: false },
    limit: 1,
    overrideAccess: false,
    pagination: false,
    where: { slug: { equals: slug } },
  })
  return docs[0]
})

/** One tag by slug; cached per request. */
export const findTag = cache(async (slug: string): Promise<Tag | undefined> => {
  const payload = await sitePayload()
  const { docs } = await payload.find({
    collection: 'tags',
    depth: 0,
    limit: 1,
    overrideAccess: false,
    pagination: false,
    where: { slug: { equals: slug } },
  })
  return docs[0]
})

import type { Payload, Where } from 'payload'

/**
 * The ways a public document (feed, sitemap) reads content: through the Local API as an anonymous reader, with
 * collection access enforced (`overrideAccess: false` and no user), whoever asked; a logged-in editor's feed reader
 * gets the public feed, never drafts.
 */
export const AS_ANONYMOUS_READER = { overrideAccess: false } as const

/** A JSON error in Payload's shape (`{ errors: [{ message }] }`), for paths such as an unknown author's feed. */
export function notFound(message: string): Response {
  return Response.json({ errors: [{ message }] }, { status: 404 })
}

/**
 * The id of the published author or tag with a slug, as an anonymous reader finds it.
 *
 * @returns the document's id and name, or undefined when there is none.
 */
export async function findBySlug({
  slug,
  collection,
  payload,
}: {
  collection: 'authors' | 'tags'
  payload: Payload
  slug: string
}): Promise<{ id: number | string; name: string; slug: string } | undefined> {
  const where: Where = { slug: { equals: slug } }
  const { docs } = await payload.find({
    ...AS_ANONYMOUS_READER,
    collection,
    depth: 0,
    limit: 1,
    pagination: false,
    select: { name: true, slug: true },
    where,
  })
  const [doc] = docs as { id: number | string; name: string; slug: string }[]
  return doc
}

/** A text answer with its media type and the Surrogate-Key of what it lists, for the response cache and CDNs. */
export function documentResponse({
  body,
  mediaType,
  surrogateKeys,
}: {
  body: string
  mediaType: string
  surrogateKeys: string[]
}): Response {
  return new Response(body, {
    headers: { 'content-type': mediaType, 'surrogate-key': [...new Set(surrogateKeys)].join(' ') },
  })
}

import type { Payload } from 'payload'

import type { PublicCollection } from './contentEvents'

/** The collections whose changes another process can make and readers here would see. */
const WATCHED: PublicCollection[] = ['articles', 'authors', 'media', 'tags']

/**
 * A fingerprint of what readers can see, from the database: per public collection, the newest `updatedAt` and the
 * number of documents, trash included. Every create, update, publish, unpublish, move to or out of the trash and
 * scheduled job changes an `updatedAt`; a delete for good changes a count. Two queries per collection, both on
 * indexed or primary data.
 *
 * @param payload - an initialised instance.
 * @returns a string that changes whenever any process changed public content.
 */
export async function contentFingerprint(payload: Payload): Promise<string> {
  const parts = await Promise.all(
    WATCHED.map(async (collection) => {
      const { docs, totalDocs } = await payload.find({
        collection,
        depth: 0,
        limit: 1,
        overrideAccess: true,
        select: { updatedAt: true },
        sort: '-updatedAt',
        trash: collection === 'articles',
      })
      return `${collection}:${totalDocs}:${(docs[0] as { updatedAt?: string } | undefined)?.updatedAt ?? ''}`
    }),
  )
  return parts.join('|')
}

/**
 * Watches the database for changes made by other processes (another app instance, `npm run import`, a restore):
 * every `intervalMs` it reads the {@link contentFingerprint} and calls `onChange` when it differs from the last.
 * Changes made in this process are announced through content events at once; this bounds how late the others are.
 * A failed read (the database is down) is logged and tried again at the next tick.
 *
 * @param args.intervalMs - milliseconds between reads (`CACHE_SYNC_MS`); 0 turns the watch off.
 * @returns a function that stops the watch.
 */
export function watchContent({
  intervalMs,
  onChange,
  payload,
}: {
  intervalMs: number
  onChange: () => void
  payload: Payload
}): () => void {
  if (intervalMs === 0) {
    return () => {}
  }
  let last: string | undefined
  let isReading = false
  const tick = async () => {
    if (isReading) {
      return
    }
    isReading = true
    try {
      const current = await contentFingerprint(payload)
      if (last !== undefined && current !== last) {
        onChange()
      }
      last = current
    } catch (error) {
      payload.logger.warn({ err: error, msg: 'content watch: could not read the database; trying again' })
    } finally {
      isReading = false
    }
  }
  void tick()
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

import type { CollectionAfterChangeHook, Where } from 'payload'

import type { Article } from '../../../src/payload-types'

/**
 * How long an empty draft is left alone before it counts as abandoned: a day, so a "Create New" opened and left in
 * a tab is not deleted under someone who comes back to it the same day.
 */
export const ABANDONED_DRAFT_AGE_MS = 24 * 60 * 60 * 1000

/**
 * The articles that are abandoned "Create New" pages: drafts with no title, body, dek or hero image, untouched
 * (`updatedAt`, which every autosave moves) since before the cutoff. Nothing a person wrote matches, so deleting
 * them loses nothing.
 *
 * @param now - the current time.
 * @param maxAgeMs - how long an empty draft is left alone, in milliseconds (default {@link ABANDONED_DRAFT_AGE_MS}).
 * @returns the database filter, for `payload.find` / `payload.delete` on `articles`.
 */
export function abandonedDraftsWhere(now: Date, maxAgeMs = ABANDONED_DRAFT_AGE_MS): Where {
  const isEmpty = (path: string): Where => ({ or: [{ [path]: { exists: false } }, { [path]: { equals: '' } }] })
  return {
    and: [
      { _status: { equals: 'draft' } },
      isEmpty('title'),
      isEmpty('excerpt'),
      { content: { exists: false } },
      { heroImage: { exists: false } },
      { updatedAt: { less_than: new Date(now.getTime() - maxAgeMs).toISOString() } },
    ],
  }
}

/**
 * When an untitled article is created (what opening the admin's "Create New" does), deletes the abandoned empty
 * drafts ({@link abandonedDraftsWhere}) earlier visits left, in the same transaction. A failure is logged and
 * never fails the create.
 *
 * Workaround for Payload: with `versions.drafts.autosave`, opening "Create New" creates the document at once
 * (payload@v3.90.1 packages/next/src/views/Document/index.tsx, "autoSave is enabled and the document is being
 * created"), so every abandoned visit leaves a `<No Title>` draft in the list, and one visit can leave two
 * (https://github.com/payloadcms/payload/issues/11359). Refusing that create would break the page, and
 * `versions.drafts.validate` (which turns it off) would stop autosave until a first manual save with a title. A
 * scheduled clean-up task was tried and dropped: Payload's scheduler records its runs in a global written outside
 * the request transactions that src/database.ts queues, and on SQLite those writes collided ("database is locked").
 * Delete this hook when Payload creates the document on the first autosave instead.
 */
export const sweepAbandonedDrafts: CollectionAfterChangeHook<Article> = async ({ doc, operation, req }) => {
  if (operation !== 'create' || doc.title) {
    return doc
  }
  try {
    const { docs, errors } = await req.payload.delete({
      collection: 'articles',
      overrideAccess: true,
      req,
      where: abandonedDraftsWhere(new Date()),
    })
    if (docs.length > 0 || errors.length > 0) {
      req.payload.logger.info({
        deleted: docs.map(({ id }) => id),
        errors,
        msg: `abandoned drafts: deleted ${docs.length}`,
      })
    }
  } catch (err) {
    req.payload.logger.error({ err, msg: 'abandoned drafts: the sweep failed; the new draft is kept' })
  }
  return doc
}

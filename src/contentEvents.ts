import type { Payload, PayloadRequest, RequestContext } from 'payload'

/**
 * The content-events port: collections announce every change that can alter what an anonymous reader sees, and
 * whatever must follow such a change (cache invalidation, webhooks, page revalidation) subscribes here. Drafts
 * that nobody can see yet (a new draft, an autosave over a published story) announce nothing.
 */

/** The collections whose documents readers see. */
export type PublicCollection = 'articles' | 'authors' | 'media' | 'tags'

/** A document named by collection, id and (where it has one) slug, the key of its public URL. */
export type DocumentRef = { collection: PublicCollection; id: number | string; slug?: string }

/**
 * What happened to an article as readers see it. `publish`: a draft (or nothing) became public; `unpublish`: it
 * went back to draft; `update`: a public document changed; `trash` and `restore`: into and out of the trash;
 * `create` and `delete` as named.
 */
export type ContentAction = 'create' | 'delete' | 'publish' | 'restore' | 'trash' | 'unpublish' | 'update'

/** One change to one document. */
export type ContentChange = {
  action: ContentAction
  /**
   * Other documents whose public view shows this one: an article's authors and tags (their pages list it), an
   * author's or tag's published articles (their bylines and tags), the articles and authors an image appears on.
   */
  affects: DocumentRef[]
  /** An article's `_status` before and after (null: it did not exist, or does no longer); unset elsewhere. */
  previousStatus?: 'draft' | 'published' | null
  status?: 'draft' | 'published' | null
} & DocumentRef

/** Many changes announced once, e.g. by the importer after a run. */
export type ContentBatch = { changes: ContentChange[]; kind: 'batch'; source: string }

export type ContentEvent = ({ kind: 'change' } & ContentChange) | ContentBatch

/**
 * A subscriber; it may be async, and is awaited before the write's own response goes out. `req` is the request of
 * the write when there is one (a hook's): what the subscriber writes with it shares the write's transaction, so a
 * rolled-back write leaves nothing of it. Batches come after their transactions, without one.
 */
export type ContentListener = (event: ContentEvent, payload: Payload, req?: PayloadRequest) => Promise<void> | void

/**
 * The `req.context` key under which a caller collects the changes of its writes instead of having each announced:
 * set it to an empty array, write, then hand the array to {@link announceBatch}.
 */
export const COLLECT_CONTENT_CHANGES = 'newsdesk.collectContentChanges'

// Per process, not per module graph: the Express server and the Payload that Next.js bundles load this module
// twice, and a subscriber in one must hear the hooks that run in the other.
const LISTENERS = Symbol.for('newsdesk.contentListeners')

function listeners(): Set<ContentListener> {
  const registry = globalThis as { [LISTENERS]?: Set<ContentListener> }
  return (registry[LISTENERS] ??= new Set())
}

const TRANSACTION_LISTENERS = Symbol.for('newsdesk.transactionEndListeners')

function transactionListeners(): Set<() => void> {
  const registry = globalThis as { [TRANSACTION_LISTENERS]?: Set<() => void> }
  return (registry[TRANSACTION_LISTENERS] ??= new Set())
}

/**
 * Adds a subscriber to the end (commit or rollback) of every write transaction of this process. Content events
 * fire inside the transaction of the write they announce; what they announce is visible to other reads from its
 * end on, which is what a cache must wait for.
 *
 * @returns a function that removes the subscriber.
 */
export function subscribeToTransactionEnds(listener: () => void): () => void {
  transactionListeners().add(listener)
  return () => transactionListeners().delete(listener)
}

/** Tells the subscribers of {@link subscribeToTransactionEnds} that a write transaction ended (src/database.ts). */
export function announceTransactionEnd(): void {
  for (const listener of transactionListeners()) {
    listener()
  }
}

/**
 * Adds a subscriber to every content event of this process.
 *
 * @param listener - called with each event, in announcement order.
 * @returns a function that removes the subscriber.
 */
export function subscribeToContent(listener: ContentListener): () => void {
  listeners().add(listener)
  return () => listeners().delete(listener)
}

/**
 * Hands an event to every subscriber, one after the other. A subscriber that fails is logged and the others still
 * run: the write it follows has been made and must not be reported as failed.
 *
 * @param args.event - what changed.
 * @param args.payload - the instance that made the change (its logger is used).
 * @param args.req - the write's request, handed on to the subscribers (see {@link ContentListener}).
 */
export async function announce({
  event,
  payload,
  req,
}: {
  event: ContentEvent
  payload: Payload
  req?: PayloadRequest
}): Promise<void> {
  for (const listener of listeners()) {
    try {
      await listener(event, payload, req)
    } catch (error) {
      payload.logger.error({ err: error, msg: `content event subscriber failed on ${describe(event)}` })
    }
  }
}

/**
 * Announces one change, or adds it to the caller's collection when `context` carries
 * {@link COLLECT_CONTENT_CHANGES}.
 *
 * @param args.req - the write's request, when the change is announced from its hook.
 */
export async function announceChange({
  change,
  context,
  payload,
  req,
}: {
  change: ContentChange
  context: RequestContext
  payload: Payload
  req?: PayloadRequest
}): Promise<void> {
  const collected = context[COLLECT_CONTENT_CHANGES]
  if (Array.isArray(collected)) {
    collected.push(change)
    return
  }
  await announce({ event: { kind: 'change', ...change }, payload, req })
}

/**
 * Announces the changes a caller collected (see {@link COLLECT_CONTENT_CHANGES}) as one batch; nothing when there
 * are none.
 *
 * @param args.source - who made them, e.g. `import`.
 */
export async function announceBatch({
  changes,
  payload,
  source,
}: {
  changes: ContentChange[]
  payload: Payload
  source: string
}): Promise<void> {
  if (changes.length > 0) {
    await announce({ event: { changes, kind: 'batch', source }, payload })
  }
}

function describe(event: ContentEvent): string {
  return event.kind === 'batch'
    ? `a batch of ${event.changes.length} from ${event.source}`
    : `${event.action} ${event.collection} ${event.id}`
}

import type { SchedulePublishHandlerArgs } from '@payloadcms/ui/utilities/schedulePublishHandler'
import type { PayloadRequest, ServerFunction } from 'payload'

import { schedulePublishHandler } from '@payloadcms/ui/utilities/schedulePublishHandler'
import { forbidden, notFound, unauthorized } from 'next/navigation'
import { canAccessAdmin, docAccessOperation, docAccessOperationGlobal, Forbidden } from 'payload'

/** What a scheduled publish or unpublish acts on: a collection's document or a global. */
type Target = Pick<SchedulePublishHandlerArgs, 'doc' | 'global'>

/**
 * Whether the request's user may publish a target, decided by the target's own access rules (`update` asked with
 * `_status: 'published'`, as Payload asks before it shows a Publish button). A target that does not exist, or
 * names no document, may not be published.
 */
async function canPublish(req: PayloadRequest, { doc, global }: Target): Promise<boolean> {
  const data = { _status: 'published' }
  if (doc) {
    const collection = req.payload.collections[doc.relationTo]
    return Boolean(collection && (await docAccessOperation({ id: doc.value, collection, data, req })).update)
  }
  const globalConfig = req.payload.config.globals.find(({ slug }) => slug === global)
  return Boolean(globalConfig && (await docAccessOperationGlobal({ data, globalConfig, req })).update)
}

/** What a queued scheduled publish or unpublish job acts on; nothing when there is no such job. */
async function jobTarget(req: PayloadRequest, id: number | string): Promise<Target> {
  const job = await req.payload.findByID({ id, collection: 'payload-jobs', depth: 0, disableErrors: true, req })
  return job?.taskSlug === 'schedulePublish' ? ((job.input ?? {}) as Target) : {}
}

/**
 * The admin panel's `schedule-publish` server function, for those who may publish only: it queues a scheduled
 * publish or unpublish (and cancels the one it replaces, `deleteID`) when the user may publish both the document
 * it names and the document of the job it cancels. Payload's own checks only that the user may use the admin panel
 * and queues the job unchecked (the job fails when it runs), so any writer could fill the queue for any article.
 * Workaround: Payload 3.90.1's schedule-publish server function queues jobs without checking publish access.
 *
 * @param args - the server function's arguments (`type`, `date`, `doc` or `global`, `deleteID`, `req`, …).
 * @returns what Payload's handler returns (`{ message }`, or `{ error }` when the queue write failed).
 * @throws Forbidden (403) when the user may not publish a target, or the call names none.
 */
export const schedulePublishForPublishers: ServerFunction<SchedulePublishHandlerArgs> = async (args) => {
  const { deleteID, doc, global, req } = args
  await canAccessAdmin({ req })
  const targets: Target[] = [
    ...(doc || global ? [{ doc, global }] : []),
    ...(deleteID === undefined ? [] : [await jobTarget(req, deleteID)]),
  ]
  const allowed = await Promise.all(targets.map((target) => canPublish(req, target)))
  if (allowed.length === 0 || allowed.includes(false)) {
    throw new Forbidden(req.t)
  }
  return schedulePublishHandler(args)
}

/**
 * The server functions Newsdesk puts in place of Payload's, by name; src/app/(payload)/layout.tsx hands them to
 * `handleServerFunctions`.
 */
export const serverFunctions: Record<string, ServerFunction> = {
  'schedule-publish': schedulePublishForPublishers as ServerFunction,
}

/**
 * Runs the admin panel's server-function call and gives Payload's refusals their HTTP status: an error with status
 * 401 (UnauthorizedError: no login, or no admin access) becomes Next's `unauthorized()`, 403 (Forbidden) becomes
 * `forbidden()`, 404 (NotFound) and an unknown function name become `notFound()`. Next answers every other error a
 * server action throws with 500, and so it answered these; its auth interrupts need `experimental.authInterrupts`
 * (next.config.mjs). Other errors pass unchanged.
 * Workaround: Next 16.4.6 answers a server action that throws Payload 3.90.1's APIError (401, 403, 404) with 500.
 *
 * @param call - the call, e.g. `() => handleServerFunctions({ … })` in src/app/(payload)/layout.tsx.
 * @returns what the call returns.
 * @throws Next's HTTP access-fallback error (401, 403, 404) for a refusal; any other error as the call threw it.
 */
export async function withRefusalStatus<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (status === 401) {
      unauthorized()
    }
    if (status === 403) {
      forbidden()
    }
    if (status === 404 || (error instanceof Error && error.message.startsWith('Unknown Server Function'))) {
      notFound()
    }
    throw error
  }
}

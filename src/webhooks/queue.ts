import type { Payload, PayloadRequest } from 'payload'

import { randomUUID } from 'node:crypto'

import type { ContentChange, ContentEvent } from '../contentEvents'

import { subscribeToContent, subscribeToTransactionEnds } from '../contentEvents'
import { getSettings } from '../settings'
import { WEBHOOK_QUEUE } from './deliver'
import { webhookEventOf, webhookMessage } from './events'

/** Jobs one run of the queue takes at a time; the runner goes on while runs come back full. */
const RUN_LIMIT = 20

/** How often the process that runs the job queue also looks for due webhook retries, in milliseconds. */
export const WEBHOOK_SWEEP_MS = 5000

/** Per process, like the content listeners: the server and the Payload that Next.js bundles share one runner. */
const RUNNER = Symbol.for('newsdesk.webhookRunner')

/** The webhook runner of this process. Its state lives in a closure, so the global holds functions only. */
type Runner = {
  /** Runs the queue once the current transaction ends (deliveries were queued in it). */
  runAfterTransaction: (payload: Payload) => void
  /** See {@link runWebhooksSoon}. */
  runSoon: (payload: Payload) => void
  /** See {@link subscribeWebhooks}; true the first time only. */
  subscribeOnce: () => boolean
}

function createRunner(): Runner {
  let isAgain = false
  let isRunning = false
  let isSubscribed = false
  let pending: Payload | undefined
  const runSoon = (payload: Payload): void => {
    if (isRunning) {
      isAgain = true
      return
    }
    isRunning = true
    setImmediate(() => {
      void (async () => {
        try {
          let ran = 0
          do {
            isAgain = false
            const result = await payload.jobs.run({ limit: RUN_LIMIT, queue: WEBHOOK_QUEUE, sequential: true })
            ran = Object.keys(result.jobStatus ?? {}).length
          } while (isAgain || ran === RUN_LIMIT)
        } catch (error) {
          payload.logger.error({ err: error, msg: 'webhook queue run failed' })
        } finally {
          isRunning = false
        }
      })()
    })
  }
  return {
    runAfterTransaction: (payload) => {
      if (!pending) {
        const unsubscribe = subscribeToTransactionEnds(() => {
          unsubscribe()
          const target = pending
          pending = undefined
          if (target) {
            runSoon(target)
          }
        })
      }
      pending = payload
    },
    runSoon,
    subscribeOnce: () => {
      const isFirst = !isSubscribed
      isSubscribed = true
      return isFirst
    },
  }
}

function runner(): Runner {
  const registry = globalThis as { [RUNNER]?: Runner }
  return (registry[RUNNER] ??= createRunner())
}

/**
 * Runs the webhook queue soon, off the caller's path: the caller (a save) neither waits for the deliveries nor
 * hears of their failures. Runs are one at a time per process and sequential, so the deliveries of one document
 * leave in the order its changes were made; failed attempts come back after their backoff.
 *
 * @param payload - the instance to run the queue on.
 */
export function runWebhooksSoon(payload: Payload): void {
  runner().runSoon(payload)
}

/**
 * Queues a delivery per change and per active webhook that asked for its event: a row in `webhook-deliveries`
 * holding the message, and a job on the webhook queue. With the write's `req`, both are written in its
 * transaction (a rolled-back save sends nothing) and the queue runs once the transaction ends; without one (a
 * batch announced after its commits), at once.
 *
 * @param args.event - the content event.
 * @param args.payload - the instance that made the change.
 * @param args.req - the write's request, when it has one.
 */
export async function queueWebhookDeliveries({
  event,
  payload,
  req,
}: {
  event: ContentEvent
  payload: Payload
  req?: PayloadRequest
}): Promise<void> {
  const changes: ContentChange[] = event.kind === 'batch' ? event.changes : [event]
  const announced = changes.flatMap((change) => {
    const type = webhookEventOf(change)
    return type ? [{ type, change }] : []
  })
  if (announced.length === 0) {
    return
  }
  const { docs: webhooks } = await payload.find({
    collection: 'webhooks',
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { events: true },
    sort: 'id',
    where: { active: { equals: true } },
  })
  const at = new Date()
  const { site } = getSettings()
  let queued = 0
  for (const { type, change } of announced) {
    for (const webhook of webhooks.filter((hook) => hook.events?.includes(type))) {
      const delivery = await payload.create({
        collection: 'webhook-deliveries',
        data: {
          attempts: 0,
          body: webhookMessage({ at, change, event: type, site }),
          documentId: String(change.id),
          event: type,
          messageId: `msg_${randomUUID()}`,
          status: 'pending',
          webhook: webhook.id,
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      await payload.jobs.queue({
        input: { delivery: String(delivery.id) },
        queue: WEBHOOK_QUEUE,
        req,
        task: 'deliverWebhook',
      })
      queued += 1
    }
  }
  if (queued === 0) {
    return
  }
  if (req?.transactionID) {
    runner().runAfterTransaction(payload)
  } else {
    runWebhooksSoon(payload)
  }
}

/**
 * Makes this process queue webhook deliveries for its content events and run them once each write ends; once per
 * process, whichever Payload instance initialises first (each event names the instance that made it).
 */
export function subscribeWebhooks(): void {
  if (runner().subscribeOnce()) {
    subscribeToContent((event, payload, req) => queueWebhookDeliveries({ event, payload, req }))
  }
}

/**
 * Looks for due webhook deliveries (retries after their backoff, deliveries queued by other processes such as the
 * importer) every {@link WEBHOOK_SWEEP_MS}; started by the process that runs the job queue (src/jobs.ts).
 *
 * @returns a function that stops it.
 */
export function sweepWebhooks(payload: Payload): () => void {
  const timer = setInterval(() => runWebhooksSoon(payload), WEBHOOK_SWEEP_MS)
  timer.unref()
  return () => clearInterval(timer)
}

import type { LookupAddress } from 'node:dns'
import type { IncomingMessage } from 'node:http'
import type { PayloadRequest, TaskConfig } from 'payload'

import { lookup } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Webhook as Signer } from 'standardwebhooks'

import { relationId } from '../../utilities/relationId'
import { getSettings } from '../settings'
import { assertPublicAddresses, checkTarget } from './targets'

/** The job queue webhook deliveries run on, apart from scheduled publishing's `default`. */
export const WEBHOOK_QUEUE = 'webhooks'

/** Retries after the first attempt. */
export const WEBHOOK_RETRIES = 10

/**
 * The first retry's delay; each next one doubles (Payload's exponential backoff, calculateBackoffWaitUntil), so the
 * ten retries come 5 s, 10 s, 20 s, … 2,560 s after the attempt before: a receiver down for up to about 85 minutes
 * still gets every message.
 */
export const WEBHOOK_BACKOFF_MS = 5000

/** How long one attempt may take, connection to last byte; a receiver should answer at once and work later. */
export const DELIVERY_TIMEOUT_MS = 10_000

/** How much of an error is kept in the log, in characters. */
const MAX_ERROR_LENGTH = 500

/** How much of a receiver's answer is read before it is dropped (it is never stored). */
const MAX_ANSWER_BYTES = 64 * 1024

/** A failed attempt, with the HTTP status when an answer came. */
class DeliveryError extends Error {
  readonly status?: number
  constructor(message: string, status?: number) {
    super(message)
    this.name = 'DeliveryError'
    this.status = status
  }
}

/**
 * A resolver for node:http that checks every address a name resolves to right before connecting, so a DNS answer
 * that changed since the check (DNS rebinding) cannot send a request to a private address.
 */
function publicOnlyLookup(...args: Parameters<typeof lookup>): void {
  const [hostname, options, callback] = args as unknown as [
    string,
    { all?: boolean; family?: number },
    (error: Error | null, address: LookupAddress[] | string, family?: number) => void,
  ]
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, [])
      return
    }
    try {
      assertPublicAddresses({ addresses, host: hostname })
    } catch (refused) {
      callback(refused as Error, [])
      return
    }
    if (options.all) {
      callback(null, addresses)
    } else {
      callback(null, addresses[0].address, addresses[0].family)
    }
  })
}

/**
 * Sends one signed request (Standard Webhooks: `webhook-id`, `webhook-timestamp` in Unix seconds and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`, made by the specification's reference
 * library). Redirects are not followed: a 3xx is a failure, so a target cannot bounce the request elsewhere.
 *
 * @param args.allowPrivate - WEBHOOK_ALLOW_PRIVATE_TARGETS.
 * @param args.body - the JSON text to send.
 * @param args.messageId - the `webhook-id`, the same on every attempt.
 * @param args.secret - the webhook's `whsec_…` secret.
 * @param args.url - the target.
 * @returns the HTTP status of a 2xx answer.
 * @throws DeliveryError for a refused target, a network error, a timeout ({@link DELIVERY_TIMEOUT_MS}) or a
 *   status other than 2xx.
 */
export async function sendWebhook({
  allowPrivate,
  body,
  messageId,
  secret,
  url,
}: {
  allowPrivate: boolean
  body: string
  messageId: string
  secret: string
  url: string
}): Promise<number> {
  let target: URL
  try {
    target = await checkTarget({ allowPrivate, url })
  } catch (error) {
    throw new DeliveryError((error as Error).message)
  }
  const sentAt = new Date()
  const signature = new Signer(secret).sign(messageId, sentAt, body)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return await new Promise<number>((resolve, reject) => {
    const request = send(
      target,
      {
        headers: {
          'content-length': Buffer.byteLength(body),
          'content-type': 'application/json',
          'user-agent': 'Newsdesk-Webhooks/1',
          'webhook-id': messageId,
          'webhook-signature': signature,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        },
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup as never }),
        method: 'POST',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0
        let read = 0
        response.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read > MAX_ANSWER_BYTES) {
            response.destroy()
          }
        })
        response.on('close', () => {
          if (status >= 200 && status < 300) {
            resolve(status)
          } else if (status >= 300 && status < 400) {
            reject(new DeliveryError(`HTTP ${status}: redirects are not followed`, status))
          } else {
            reject(new DeliveryError(`HTTP ${status}`, status))
          }
        })
        response.on('error', () => undefined)
      },
    )
    request.on('error', (error) => {
      const message =
        error.name === 'AbortError' || error.name === 'TimeoutError' ? 'no answer within 10 s' : error.message
      reject(new DeliveryError(message))
    })
    request.end(body)
  })
}

/** What a delivery job carries: the id of its row in `webhook-deliveries` (text, for either database's ids). */
type DeliverInput = { delivery: string }

/**
 * Sends one logged delivery and records the outcome on its row: `delivered`, or `retrying` with the attempt's
 * error (the task throws, and Payload retries it later with backoff), or `failed` after the last retry. A webhook
 * deleted or switched off in the meantime sends nothing.
 */
async function deliver({ input, req }: { input: DeliverInput; req: PayloadRequest }): Promise<void> {
  const { payload } = req
  const {
    docs: [delivery],
  } = await payload.find({
    collection: 'webhook-deliveries',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    where: { id: { equals: input.delivery } },
  })
  if (!delivery) {
    return
  }
  const record = (data: Record<string, unknown>) =>
    payload.update({
      id: delivery.id,
      collection: 'webhook-deliveries',
      data,
      depth: 0,
      overrideAccess: true,
      req,
    })
  const webhookId = relationId(delivery.webhook)
  const webhook =
    webhookId === undefined
      ? null
      : await payload.findByID({
          id: webhookId,
          collection: 'webhooks',
          depth: 0,
          disableErrors: true,
          overrideAccess: true,
          req,
        })
  if (!webhook?.active || !webhook.secret) {
    await record({ lastError: 'The webhook was deleted or switched off before delivery.', status: 'failed' })
    return
  }
  const attempts = delivery.attempts + 1
  try {
    const status = await sendWebhook({
      allowPrivate: getSettings().webhooks.allowPrivateTargets,
      body: JSON.stringify(delivery.body),
      messageId: delivery.messageId,
      secret: webhook.secret,
      url: webhook.url,
    })
    await record({
      attempts,
      deliveredAt: new Date().toISOString(),
      lastError: null,
      lastStatus: status,
      status: 'delivered',
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await record({
      attempts,
      lastError: message.slice(0, MAX_ERROR_LENGTH),
      lastStatus: error instanceof DeliveryError ? (error.status ?? null) : null,
      status: attempts > WEBHOOK_RETRIES ? 'failed' : 'retrying',
    })
    throw error
  }
}

/**
 * The job queue task that delivers one webhook message, retried {@link WEBHOOK_RETRIES} times with exponential
 * backoff (Payload's `retries.backoff`).
 */
export const deliverWebhookTask: TaskConfig<{ input: DeliverInput; output: object }> = {
  slug: 'deliverWebhook',
  handler: async ({ input, req }) => {
    await deliver({ input, req })
    return { output: {} }
  },
  inputSchema: [{ name: 'delivery', type: 'text', required: true }],
  label: 'Deliver a webhook',
  retries: { attempts: WEBHOOK_RETRIES, backoff: { type: 'exponential', delay: WEBHOOK_BACKOFF_MS } },
}

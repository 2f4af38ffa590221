import type { FieldHook } from 'payload'

import { randomBytes } from 'node:crypto'

import type { Webhook } from '../../../src/payload-types'

/** Bytes of a generated secret: within the 24–64 the Standard Webhooks specification asks for. */
const SECRET_BYTES = 32

/** A new signing secret in the Standard Webhooks form, `whsec_` followed by the base64 of random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`
}

/** Gives a webhook saved without a secret a new one, so every webhook signs its deliveries. */
export const generateSecret: FieldHook<Webhook, null | string | undefined> = ({ value }) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : newWebhookSecret()

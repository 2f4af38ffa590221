import { getSettings } from '../../src/settings'
import { checkTarget, RefusedTargetError } from '../../src/webhooks/targets'

/**
 * Checks a webhook's target when it is saved: an http(s) URL whose host resolves to public addresses only, unless
 * WEBHOOK_ALLOW_PRIVATE_TARGETS (src/webhooks/targets.ts). Deliveries check again, since DNS answers change.
 *
 * @returns true, or the message for the `url` field.
 */
export async function validateWebhookUrl(value: null | string | undefined): Promise<string | true> {
  if (typeof value !== 'string' || value.trim() === '') {
    return 'A webhook needs the URL to send to.'
  }
  try {
    // As sent, not trimmed: the URL stored is the URL checked.
    await checkTarget({ allowPrivate: getSettings().webhooks.allowPrivateTargets, url: value })
    return true
  } catch (error) {
    if (error instanceof RefusedTargetError) {
      return error.message
    }
    throw error
  }
}

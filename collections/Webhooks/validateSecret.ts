/**
 * Checks a webhook signing secret: the Standard Webhooks form `whsec_<base64>`, 24 to 64 bytes once decoded (the
 * specification's bounds, standard-webhooks/spec "Signature scheme"). Empty is fine: one is generated.
 *
 * @returns true, or the message for the `secret` field.
 */
export function validateWebhookSecret(value: null | string | undefined): string | true {
  if (value === null || value === undefined || value.trim() === '') {
    return true
  }
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value.trim())
  const bytes = match ? Buffer.from(match[1], 'base64').length : 0
  if (!match || bytes < 24 || bytes > 64) {
    return 'The secret must be whsec_ followed by the base64 of 24 to 64 random bytes; leave it empty to get one.'
  }
  return true
}

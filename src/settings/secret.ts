import { createHash, randomBytes } from 'node:crypto'

import { SettingsError } from './error'

/** Payload signs session tokens with this secret; 32 characters is the least we accept (256 bits of hex). */
export const MIN_SECRET_LENGTH = 32

/**
 * Chooses the secret Payload signs tokens with.
 *
 * @param args.secret - `PAYLOAD_SECRET` as set (possibly undefined).
 * @param args.isProduction - `NODE_ENV === 'production'`.
 * @param args.isBuild - true while `next build` evaluates the config; no token is signed then, so a throwaway value serves.
 * @returns the secret; in development without a strong one, a value derived from the project folder
 *   (stable across restarts, so editors stay logged in) and `warning` says so.
 * @throws SettingsError for PAYLOAD_SECRET in production when the secret is unset or shorter than {@link MIN_SECRET_LENGTH}.
 */
export function resolvePayloadSecret({
  isBuild,
  isProduction,
  secret,
}: {
  isBuild: boolean
  isProduction: boolean
  secret: string | undefined
}): { secret: string; warning?: string } {
  if (secret && secret.length >= MIN_SECRET_LENGTH) {
    return { secret }
  }
  if (isBuild) {
    return { secret: randomBytes(32).toString('hex') }
  }
  const problem = secret ? `is only ${secret.length} characters long` : 'is not set'
  if (isProduction) {
    throw new SettingsError(
      'PAYLOAD_SECRET',
      `PAYLOAD_SECRET ${problem}; production needs at least ${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -hex 32\`).`,
    )
  }
  return {
    secret: createHash('sha256').update(`newsdesk-development:${process.cwd()}`).digest('hex'),
    warning: `PAYLOAD_SECRET ${problem}; using a development-only secret derived from the project folder. Never deploy like this.`,
  }
}

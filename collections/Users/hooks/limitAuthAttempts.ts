import type { CollectionBeforeOperationHook } from 'payload'

import { APIError } from 'payload'
import { RateLimiterMemory } from 'rate-limiter-flexible'

import { CLIENT_IP_HEADER } from '../../../src/http/clientIp'
import { AUTH_WINDOW_SECONDS, getSettings } from '../../../src/settings'

/** Login, forgot-password, reset-password and unlock attempts allowed per client address and window. */
const AUTH_ATTEMPTS = getSettings().authAttempts

const limiter = new RateLimiterMemory({ duration: AUTH_WINDOW_SECONDS, points: AUTH_ATTEMPTS })
const LIMITED = new Set(['forgotPassword', 'login', 'resetPassword', 'unlock'])

/**
 * A strict rate limit on the authentication operations, per client address, wherever the request comes from
 * (REST, GraphQL mutations, the admin panel): they all run these operations. The address is the one the
 * Express server derived and set in a header it strips from incoming requests; Local API calls (no such
 * header) are not limited. This sits beside Payload's per-account lockout (`maxLoginAttempts`).
 *
 * @throws APIError 429 once a client exceeds {@link AUTH_ATTEMPTS} in {@link AUTH_WINDOW_SECONDS} seconds.
 */
export const limitAuthAttempts: CollectionBeforeOperationHook<'users'> = async ({ args, operation, req }) => {
  const client = req.headers?.get(CLIENT_IP_HEADER)
  if (!client || !LIMITED.has(operation)) {
    return args
  }
  try {
    await limiter.consume(client)
  } catch {
    throw new APIError('Too many attempts; try again later.', 429, { retryAfterSeconds: AUTH_WINDOW_SECONDS }, true)
  }
  return args
}

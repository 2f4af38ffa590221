/** HTTP hardening settings, read once from the environment. */
export type HttpSettings = {
  /** Requests per minute per client on /api (all methods). */
  apiRequestsPerMinute: number
  /** Largest request body accepted, in bytes (uploads included). */
  maxBodyBytes: number
  /** How many reverse proxies in front of the app add X-Forwarded-For; 0 = none (Express `trust proxy`). */
  trustProxyHops: number
}

/** A malformed HTTP setting; the message names the variable. */
export class HttpConfigError extends Error {
  override name = 'HttpConfigError'
}

function positiveInteger(name: string, raw: string | undefined, fallback: number, { allowZero = false } = {}): number {
  if (raw === undefined || raw === '') {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new HttpConfigError(`${name} must be a whole number${allowZero ? ' ≥ 0' : ' ≥ 1'}, not "${raw}"`)
  }
  return value
}

/**
 * Reads the HTTP settings.
 *
 * @param env - the process environment.
 * @returns TRUST_PROXY_HOPS (default 0), MAX_BODY_BYTES (default 25 MiB: a full-size news photo fits),
 *   RATE_LIMIT_API_PER_MINUTE (default 600).
 * @throws HttpConfigError naming the variable when a value is not a whole number in range.
 */
export function httpSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  return {
    apiRequestsPerMinute: positiveInteger('RATE_LIMIT_API_PER_MINUTE', env.RATE_LIMIT_API_PER_MINUTE, 600),
    maxBodyBytes: positiveInteger('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 25 * 1024 * 1024),
    trustProxyHops: positiveInteger('TRUST_PROXY_HOPS', env.TRUST_PROXY_HOPS, 0, { allowZero: true }),
  }
}

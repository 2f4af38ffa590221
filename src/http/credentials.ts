import type { IncomingHttpHeaders } from 'node:http'

/** Payload's session cookie (cookie prefix `payload`, its default). */
const SESSION_COOKIE = /(?:^|;\s*)payload-token=/u

/**
 * Whether a request carries credentials Payload would act on: an `Authorization` header (a JWT, an API key or a
 * draft preview token, `Preview <token>`) or Payload's session cookie. Its answers may hold what an anonymous reader
 * must not see (a draft, above all): they are never cached, and logs say so.
 *
 * @param headers - the request's headers, as Node parsed them (names in lower case).
 */
export function hasCredentials(headers: IncomingHttpHeaders): boolean {
  return headers.authorization !== undefined || SESSION_COOKIE.test(headers.cookie ?? '')
}

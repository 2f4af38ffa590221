import type { LookupAddress } from 'node:dns'

import ipaddr from 'ipaddr.js'
import { lookup } from 'node:dns/promises'

/**
 * Where webhooks may be sent (server-side request forgery, OWASP SSRF Prevention Cheat Sheet): http and https
 * only, and only to public unicast addresses, unless private targets are allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS).
 */

/** Why a target is refused, in words fit for the person who typed it. */
export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RefusedTargetError'
  }
}

/**
 * Whether an address is a public one. ipaddr.js names the IANA special-purpose ranges (RFC 6890 and its
 * successors); everything but `unicast` is refused: private, loopback, link-local, unique-local, carrier-grade
 * NAT, multicast, reserved, and so on. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 it maps.
 *
 * @param address - an IPv4 or IPv6 address in text form.
 * @returns false also for text that is no address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false
  }
  return ipaddr.process(address).range() === 'unicast'
}

/** The longest webhook URL: 2,048 characters, what browsers and proxies reliably carry. */
export const MAX_URL_LENGTH = 2048

/**
 * Checks the shape of a webhook URL: absolute, http or https, no credentials in it, no whitespace or control
 * character, a port other than 0, at most {@link MAX_URL_LENGTH} characters.
 *
 * @returns the parsed URL.
 * @throws RefusedTargetError saying what is wrong.
 */
export function parseTargetUrl(value: string): URL {
  // The URL parser drops tabs and newlines and trims spaces, so what it accepts could differ from what is stored.
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new RefusedTargetError('Webhook URLs must not contain spaces, tabs, newlines or control characters.')
  }
  if (value.length > MAX_URL_LENGTH) {
    throw new RefusedTargetError(`Webhook URLs must be at most ${MAX_URL_LENGTH} characters, not ${value.length}.`)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new RefusedTargetError(`"${value}" is not an absolute URL such as https://hooks.example.com/newsdesk.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RefusedTargetError(`Webhook URLs must start with http:// or https://, not ${url.protocol}//.`)
  }
  if (url.port === '0') {
    throw new RefusedTargetError('Webhook URLs must name a port from 1 to 65535, or none.')
  }
  if (url.username || url.password) {
    throw new RefusedTargetError('Webhook URLs must not carry a user name or password; the signature authenticates.')
  }
  return url
}

/**
 * Checks every address a host name resolves to (all of them: a name with one public and one private address
 * could be answered either way).
 *
 * @param args.addresses - what the resolver returned.
 * @param args.host - the host name, for the message.
 * @throws RefusedTargetError naming the first address that is not public.
 */
export function assertPublicAddresses({ addresses, host }: { addresses: LookupAddress[]; host: string }): void {
  const refused = addresses.find(({ address }) => !isPublicAddress(address))
  if (refused) {
    throw new RefusedTargetError(
      `${host} resolves to ${refused.address}, a private, loopback or otherwise non-public address; webhooks go to ` +
        'public addresses only.',
    )
  }
}

/**
 * Checks a webhook URL as it would be sent to now: its shape, then, unless `allowPrivate`, every address its host
 * resolves to. Run on save and again on each delivery, since DNS answers change.
 *
 * @param args.url - the URL.
 * @param args.allowPrivate - WEBHOOK_ALLOW_PRIVATE_TARGETS.
 * @returns the parsed URL.
 * @throws RefusedTargetError when the URL is malformed, its host does not resolve, or resolves to a non-public
 *   address.
 */
export async function checkTarget({ allowPrivate, url }: { allowPrivate: boolean; url: string }): Promise<URL> {
  const parsed = parseTargetUrl(url)
  if (allowPrivate) {
    return parsed
  }
  // URL keeps IPv6 literals in brackets; the resolver wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: LookupAddress[]
  try {
    addresses = await lookup(host, { all: true, verbatim: true })
  } catch {
    throw new RefusedTargetError(`${host} does not resolve to any address.`)
  }
  assertPublicAddresses({ addresses, host })
  return parsed
}

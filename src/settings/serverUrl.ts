import { SettingsError } from './error'

/**
 * The public origin of the app (what browsers and frontends call), from `SERVER_URL`.
 *
 * @param args.value - `SERVER_URL` as set.
 * @param args.isProduction - production requires it: Payload builds absolute media URLs and its CSRF allow-list from it.
 * @returns the origin without a trailing slash, or undefined outside production when unset.
 * @throws SettingsError for SERVER_URL when set but not an absolute http(s) URL, or unset in production.
 */
export function resolveServerUrl({
  isProduction,
  value,
}: {
  isProduction: boolean
  value: string | undefined
}): string | undefined {
  if (!value) {
    if (isProduction) {
      throw new SettingsError(
        'SERVER_URL',
        'SERVER_URL is not set; production needs the public URL, e.g. https://cms.example.com.',
      )
    }
    return undefined
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(
      'SERVER_URL',
      `SERVER_URL "${value}" is not an absolute URL such as https://cms.example.com.`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingsError('SERVER_URL', `SERVER_URL "${value}" must start with http:// or https://.`)
  }
  return url.origin
}

/**
 * Origins allowed to call the API from a browser, from `CORS_ORIGINS` (comma-separated).
 *
 * @returns the listed origins; when none are listed, `'*'` in development and only the app's own origin in production.
 * @throws SettingsError for CORS_ORIGINS when an entry is not an origin (`https://site.example`, no path): a
 *   browser sends the bare origin, so anything else would never match.
 */
export function resolveCorsOrigins({
  isProduction,
  serverUrl,
  value,
}: {
  isProduction: boolean
  serverUrl: string | undefined
  value: string | undefined
}): '*' | string[] {
  const listed = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  for (const origin of listed) {
    if (originOf(origin) !== origin) {
      throw new SettingsError(
        'CORS_ORIGINS',
        `CORS_ORIGINS entry "${origin}" is not an origin; list origins such as https://site.example, comma-separated.`,
      )
    }
  }
  if (listed.length > 0) {
    return serverUrl ? [serverUrl, ...listed] : listed
  }
  return isProduction && serverUrl ? [serverUrl] : '*'
}

/** The origin of an http(s) URL, or undefined for anything else. */
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

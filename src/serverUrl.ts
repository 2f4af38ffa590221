/** A missing or malformed SERVER_URL in production; the message names the variable. */
export class ServerUrlConfigError extends Error {
  override name = 'ServerUrlConfigError'
}

/**
 * The public origin of the app (what browsers and frontends call), from `SERVER_URL`.
 *
 * @param args.value - `SERVER_URL` as set.
 * @param args.isProduction - production requires it: Payload builds absolute media URLs and its CSRF allow-list from it.
 * @returns the origin without a trailing slash, or undefined outside production when unset.
 * @throws ServerUrlConfigError when set but not an absolute http(s) URL, or unset in production.
 */
export function resolveServerUrl({ isProduction, value }: { isProduction: boolean; value: string | undefined }): string | undefined {
  if (!value) {
    if (isProduction) {
      throw new ServerUrlConfigError('SERVER_URL is not set; production needs the public URL, e.g. https://cms.example.com.')
    }
    return undefined
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ServerUrlConfigError(`SERVER_URL "${value}" is not an absolute URL such as https://cms.example.com.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUrlConfigError(`SERVER_URL "${value}" must start with http:// or https://.`)
  }
  return url.origin
}

/**
 * Origins allowed to call the API from a browser, from `CORS_ORIGINS` (comma-separated).
 *
 * @returns the listed origins; when none are listed, `'*'` in development and only the app's own origin in production.
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
  if (listed.length > 0) {
    return serverUrl ? [serverUrl, ...listed] : listed
  }
  return isProduction && serverUrl ? [serverUrl] : '*'
}

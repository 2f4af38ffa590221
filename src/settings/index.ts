import { Cron } from 'croner'
import path from 'node:path'

import type { CacheSettings } from '../http/responseCache'
import type { DatabaseTarget } from './database'

import { SITE_NAME } from '../../utilities/seoMeta'
import { resolveDatabaseTarget } from './database'
import { SettingsError } from './error'
import { resolvePayloadSecret } from './secret'
import { resolveCorsOrigins, resolveServerUrl } from './serverUrl'
import { absoluteUrl, DEFAULT_PUBLIC_PATHS, languageTag, pathPattern, type SiteSettings } from './site'

export type { DatabaseTarget } from './database'
export { SettingsError } from './error'
export type { PublicPageKind, SiteSettings } from './site'

/** Every setting Newsdesk reads, typed and checked. Fields are documented in the README's Configuration table. */
export type Settings = {
  /** Login, forgot-password, reset-password and unlock attempts per client per {@link AUTH_WINDOW_SECONDS}. */
  authAttempts: number
  /** The API's response cache and the Cache-Control it sends (src/http/responseCache.ts). */
  cache: CacheSettings
  /** Origins allowed to call the API from a browser, or `'*'`. */
  corsOrigins: '*' | string[]
  database: DatabaseTarget
  http: HttpSettings
  /** True while `next build` evaluates the config (Next sets `NEXT_PHASE`). */
  isBuild: boolean
  isProduction: boolean
  jobs: {
    /** Whether this process runs the job queue (scheduled publish and unpublish). */
    autoRun: boolean
    /** How often due jobs run, croner syntax (seconds allowed). */
    cron: string
  }
  /** The least severe level logged (pino's levels), by the server and by Payload. */
  logLevel: LogLevel
  /** Absolute path of the uploads folder. */
  mediaDir: string
  /** How long a draft preview token (POST /api/articles/:id/preview) stays valid, in seconds. */
  previewTokenTtlSeconds: number
  /** What Payload signs tokens with; `warning` says when it is a development stand-in. */
  secret: { value: string; warning?: string }
  /** The public origin, without a trailing slash; unset outside production when not given. */
  serverUrl: string | undefined
  /** The public site readers visit, and the publication's name and language (src/settings/site.ts). */
  site: SiteSettings
  webhooks: {
    /** Whether webhook targets may be private, loopback or link-local addresses (development and tests only). */
    allowPrivateTargets: boolean
  }
}

/** What the HTTP server needs. */
export type HttpSettings = {
  /** Requests per minute per client on /api (all methods). */
  apiRequestsPerMinute: number
  host: string
  /** Largest request body accepted, in bytes (uploads included). */
  maxBodyBytes: number
  /** 0 lets the system pick a free port. */
  port: number
  /** After SIGTERM or SIGINT, how long requests in flight may run, in milliseconds. */
  shutdownTimeoutMs: number
  /** How many reverse proxies in front of the app add X-Forwarded-For; 0 = none (Express `trust proxy`). */
  trustProxyHops: number
}

/** The window of {@link Settings.authAttempts}, in seconds. */
export const AUTH_WINDOW_SECONDS = 15 * 60

/**
 * The environment variables {@link loadSettings} reads, and nothing else in the app reads. The README's
 * Configuration table lists exactly these (a test holds the two equal).
 */
export const SETTING_NAMES = [
  'API_CACHE',
  'API_CACHE_MAX_BYTES',
  'CACHE_MAX_AGE',
  'CACHE_S_MAXAGE',
  'CACHE_STALE_WHILE_REVALIDATE',
  'CACHE_SYNC_MS',
  'CORS_ORIGINS',
  'DATABASE_URI',
  'FEED_CONTENT',
  'HOST',
  'JOBS_AUTORUN',
  'JOBS_CRON',
  'LOG_LEVEL',
  'MAX_BODY_BYTES',
  'MEDIA_DIR',
  'NEXT_PHASE',
  'NODE_ENV',
  'PAYLOAD_SECRET',
  'PORT',
  'PREVIEW_TOKEN_TTL_SECONDS',
  'PUBLIC_ARTICLE_PATH',
  'PUBLIC_AUTHOR_PATH',
  'PUBLIC_SITE_URL',
  'PUBLIC_TAG_PATH',
  'PUBLICATION_LANGUAGE',
  'PUBLICATION_NAME',
  'PUBLISHER_LOGO_URL',
  'RATE_LIMIT_API_PER_MINUTE',
  'RATE_LIMIT_AUTH_ATTEMPTS',
  'SERVER_URL',
  'SHUTDOWN_TIMEOUT_MS',
  'TRUST_PROXY_HOPS',
  'WEBHOOK_ALLOW_PRIVATE_TARGETS',
] as const

type SettingName = (typeof SETTING_NAMES)[number]
/** Who loads the settings; see {@link loadSettings}. */
export type SettingsRole = 'payload' | 'server' | 'tool'
type Environment = Partial<Record<string, string | undefined>>

/** pino's levels, most severe first, and `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** NODE_ENV values Node tools use; anything else is more likely a typo of `production` than a choice. */
const NODE_ENVS = new Set(['', 'development', 'production', 'test'])

/**
 * Parses and checks every setting, once, from the environment.
 *
 * @param args.env - the environment (default `process.env`); only {@link SETTING_NAMES} are read.
 * @param args.role - who asks. `payload` (the default: the config, the importer) needs `PAYLOAD_SECRET` in
 *   production; `server`, the HTTP server, also needs `SERVER_URL` there; `tool` (backup, restore) signs no token
 *   and gets a throwaway secret, as `next build` does.
 * @returns the typed settings; see the README's Configuration table for defaults.
 * @throws SettingsError naming the first variable whose value is malformed or missing, and what it accepts.
 */
export function loadSettings({
  env = process.env,
  role = 'payload',
}: { env?: Environment; role?: SettingsRole } = {}): Settings {
  const read = (name: SettingName): string | undefined => env[name]
  const nodeEnv = read('NODE_ENV') ?? ''
  if (!NODE_ENVS.has(nodeEnv)) {
    throw new SettingsError(
      'NODE_ENV',
      `NODE_ENV is "${nodeEnv}"; use production, development or test (or leave it unset).`,
    )
  }
  const isProduction = nodeEnv === 'production'
  const isBuild = read('NEXT_PHASE') === 'phase-production-build'
  // Checked in the order an operator would fix them: where the data is, the secret, then the rest.
  const database = resolveDatabaseTarget({ isProduction, uri: read('DATABASE_URI') })
  const { secret, warning } = resolvePayloadSecret({
    isBuild: isBuild || role === 'tool',
    isProduction,
    secret: read('PAYLOAD_SECRET'),
  })
  const serverUrl = resolveServerUrl({ isProduction: isProduction && role === 'server', value: read('SERVER_URL') })
  const port = wholeNumber({ name: 'PORT', fallback: 3000, max: 65_535, min: 0, raw: read('PORT') })
  return {
    authAttempts: wholeNumber({
      name: 'RATE_LIMIT_AUTH_ATTEMPTS',
      fallback: 10,
      min: 1,
      raw: read('RATE_LIMIT_AUTH_ATTEMPTS'),
    }),
    cache: {
      isEnabled: choice({ name: 'API_CACHE', choices: ['off', 'on'], fallback: 'on', raw: read('API_CACHE') }) === 'on',
      maxAgeSeconds: wholeNumber({ name: 'CACHE_MAX_AGE', fallback: 0, min: 0, raw: read('CACHE_MAX_AGE') }),
      // 64 MiB: about 5,000 article answers of 4 KiB with their two compressed copies.
      maxBytes: wholeNumber({
        name: 'API_CACHE_MAX_BYTES',
        fallback: 64 * 1024 * 1024,
        min: 1,
        raw: read('API_CACHE_MAX_BYTES'),
      }),
      sharedMaxAgeSeconds: wholeNumber({ name: 'CACHE_S_MAXAGE', fallback: 60, min: 0, raw: read('CACHE_S_MAXAGE') }),
      staleSeconds: wholeNumber({
        name: 'CACHE_STALE_WHILE_REVALIDATE',
        fallback: 60,
        min: 0,
        raw: read('CACHE_STALE_WHILE_REVALIDATE'),
      }),
      syncMs: wholeNumber({ name: 'CACHE_SYNC_MS', fallback: 1000, min: 0, raw: read('CACHE_SYNC_MS') }),
    },
    corsOrigins: resolveCorsOrigins({ isProduction, serverUrl, value: read('CORS_ORIGINS') }),
    database,
    http: {
      apiRequestsPerMinute: wholeNumber({
        name: 'RATE_LIMIT_API_PER_MINUTE',
        fallback: 600,
        min: 1,
        raw: read('RATE_LIMIT_API_PER_MINUTE'),
      }),
      host: read('HOST') || '0.0.0.0',
      // 25 MiB: a full-size news photo fits.
      maxBodyBytes: wholeNumber({
        name: 'MAX_BODY_BYTES',
        fallback: 25 * 1024 * 1024,
        min: 1,
        raw: read('MAX_BODY_BYTES'),
      }),
      port,
      shutdownTimeoutMs: wholeNumber({
        name: 'SHUTDOWN_TIMEOUT_MS',
        fallback: 10_000,
        min: 0,
        raw: read('SHUTDOWN_TIMEOUT_MS'),
      }),
      trustProxyHops: wholeNumber({ name: 'TRUST_PROXY_HOPS', fallback: 0, min: 0, raw: read('TRUST_PROXY_HOPS') }),
    },
    isBuild,
    isProduction,
    jobs: {
      autoRun:
        choice({ name: 'JOBS_AUTORUN', choices: ['true', 'false'], fallback: 'true', raw: read('JOBS_AUTORUN') }) ===
        'true',
      cron: cronPattern({ name: 'JOBS_CRON', raw: read('JOBS_CRON') || '* * * * *' }),
    },
    logLevel: choice({ name: 'LOG_LEVEL', choices: LOG_LEVELS, fallback: 'info', raw: read('LOG_LEVEL') }),
    mediaDir: path.resolve(read('MEDIA_DIR') || 'media'),
    // An hour by default: long enough to review a story, short enough that a forwarded link soon stops working.
    // At most a week, so a token can never be made to outlive a review cycle by a typo.
    previewTokenTtlSeconds: wholeNumber({
      name: 'PREVIEW_TOKEN_TTL_SECONDS',
      fallback: 3600,
      max: 7 * 24 * 3600,
      min: 1,
      raw: read('PREVIEW_TOKEN_TTL_SECONDS'),
    }),
    secret: warning ? { value: secret, warning } : { value: secret },
    serverUrl,
    site: siteSettings({ port, read, serverUrl }),
    webhooks: {
      allowPrivateTargets:
        choice({
          name: 'WEBHOOK_ALLOW_PRIVATE_TARGETS',
          choices: ['true', 'false'],
          fallback: 'false',
          raw: read('WEBHOOK_ALLOW_PRIVATE_TARGETS'),
        }) === 'true',
    },
  }
}

/** The public site's settings; its URL defaults to the server's own (`SERVER_URL`, else localhost and `PORT`). */
function siteSettings({
  port,
  read,
  serverUrl,
}: {
  port: number
  read: (name: SettingName) => string | undefined
  serverUrl: string | undefined
}): SiteSettings {
  const logo = read('PUBLISHER_LOGO_URL')
  return {
    feedContent: choice({
      name: 'FEED_CONTENT',
      choices: ['full', 'excerpt'],
      fallback: 'full',
      raw: read('FEED_CONTENT'),
    }),
    language: languageTag('PUBLICATION_LANGUAGE', read('PUBLICATION_LANGUAGE') || 'en'),
    ...(logo ? { logoUrl: absoluteUrl('PUBLISHER_LOGO_URL', logo) } : {}),
    name: read('PUBLICATION_NAME')?.trim() || SITE_NAME,
    paths: {
      article: pathPattern('PUBLIC_ARTICLE_PATH', read('PUBLIC_ARTICLE_PATH') || DEFAULT_PUBLIC_PATHS.article),
      author: pathPattern('PUBLIC_AUTHOR_PATH', read('PUBLIC_AUTHOR_PATH') || DEFAULT_PUBLIC_PATHS.author),
      tag: pathPattern('PUBLIC_TAG_PATH', read('PUBLIC_TAG_PATH') || DEFAULT_PUBLIC_PATHS.tag),
    },
    url: absoluteUrl('PUBLIC_SITE_URL', read('PUBLIC_SITE_URL') || serverUrl || `http://localhost:${port || 3000}`),
  }
}

let loaded: Settings | undefined

/**
 * The settings of this process, parsed on first use from `process.env` (see {@link loadSettings}). Collections and
 * hooks read values here; entry points call {@link loadSettings} themselves first, so a mistake stops them with a
 * message before anything else starts.
 */
export function getSettings(): Settings {
  return (loaded ??= loadSettings())
}

/**
 * Parses a whole number in a range.
 *
 * @throws SettingsError naming the variable when `raw` is set and is not a whole number from `min` to `max`.
 */
function wholeNumber({
  name,
  fallback,
  max = Number.MAX_SAFE_INTEGER,
  min,
  raw,
}: {
  fallback: number
  max?: number
  min: number
  name: SettingName
  raw: string | undefined
}): number {
  if (raw === undefined || raw === '') {
    return fallback
  }
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`
    throw new SettingsError(name, `${name} must be a whole number ${range}, not "${raw}".`)
  }
  return value
}

/** Parses one of `choices`; @throws SettingsError naming the variable and the choices for anything else. */
function choice<T extends string>({
  name,
  choices,
  fallback,
  raw,
}: {
  choices: readonly T[]
  fallback: T
  name: SettingName
  raw: string | undefined
}): T {
  if (raw === undefined || raw === '') {
    return fallback
  }
  if (!(choices as readonly string[]).includes(raw)) {
    const accepted = choices.length === 2 ? choices.join(' or ') : `one of ${choices.join(', ')}`
    throw new SettingsError(name, `${name} must be ${accepted}, not "${raw}".`)
  }
  return raw as T
}

/**
 * Checks a cron pattern with croner, the library Payload's job queue schedules with, so a pattern that passes here
 * also runs there.
 *
 * @throws SettingsError naming the variable and croner's reason.
 */
function cronPattern({ name, raw }: { name: SettingName; raw: string }): string {
  try {
    new Cron(raw, { paused: true }).stop()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new SettingsError(
      name,
      `${name} "${raw}" is not a cron pattern (${reason}); e.g. "* * * * *" for every minute.`,
    )
  }
  return raw
}

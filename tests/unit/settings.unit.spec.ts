import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { loadSettings, SETTING_NAMES, SettingsError } from '../../src/settings'
import { resolveDatabaseTarget } from '../../src/settings/database'
import { MIN_SECRET_LENGTH, resolvePayloadSecret } from '../../src/settings/secret'
import { resolveCorsOrigins, resolveServerUrl } from '../../src/settings/serverUrl'
import { projectRoot } from '../helpers/sample'

describe('resolveDatabaseTarget', () => {
  it.each([
    [undefined, false, { filePath: path.resolve('data/newsdesk.db'), kind: 'sqlite', url: 'file:./data/newsdesk.db' }],
    ['', false, { filePath: path.resolve('data/newsdesk.db'), kind: 'sqlite', url: 'file:./data/newsdesk.db' }],
    [
      undefined,
      true,
      {
        filePath: path.resolve('data/newsdesk-production.db'),
        kind: 'sqlite',
        url: 'file:./data/newsdesk-production.db',
      },
    ],
    ['file:/srv/news.db', true, { filePath: '/srv/news.db', kind: 'sqlite', url: 'file:/srv/news.db' }],
    [
      'mongodb://db:27017/news?replicaSet=rs0',
      true,
      { kind: 'mongodb', url: 'mongodb://db:27017/news?replicaSet=rs0' },
    ],
    ['mongodb+srv://cluster.example/news', false, { kind: 'mongodb', url: 'mongodb+srv://cluster.example/news' }],
  ])('should read DATABASE_URI=%j (production: %j)', (uri, isProduction, expected) => {
    expect(resolveDatabaseTarget({ isProduction, uri })).toEqual(expected)
  })

  it('should refuse a mongodb:// URI without replicaSet in production, saying why', () => {
    expect(() => resolveDatabaseTarget({ isProduction: true, uri: 'mongodb://db:27017/news' })).toThrow(
      /without replicaSet=<name>\. Production needs transactions/,
    )
  })

  it('should accept a mongodb:// URI without replicaSet in development', () => {
    expect(resolveDatabaseTarget({ isProduction: false, uri: 'mongodb://db:27017/news' })).toEqual({
      kind: 'mongodb',
      url: 'mongodb://db:27017/news',
    })
  })

  it.each(['postgres://localhost/news', 'sqlite.db', 'file:', 'mysql://x'])(
    'should refuse %j naming the variable and the accepted forms',
    (uri) => {
      expect(() => resolveDatabaseTarget({ isProduction: false, uri })).toThrow(SettingsError)
      expect(() => resolveDatabaseTarget({ isProduction: false, uri })).toThrow(
        /DATABASE_URI.*file:<path>.*mongodb:\/\//,
      )
    },
  )
})

describe('resolvePayloadSecret', () => {
  const strong = 'x'.repeat(MIN_SECRET_LENGTH)

  it('should use a strong secret as given', () => {
    expect(resolvePayloadSecret({ isBuild: false, isProduction: true, secret: strong })).toEqual({ secret: strong })
  })

  it.each([undefined, '', 'short'])('should refuse %j in production', (secret) => {
    expect(() => resolvePayloadSecret({ isBuild: false, isProduction: true, secret })).toThrow(SettingsError)
    expect(() => resolvePayloadSecret({ isBuild: false, isProduction: true, secret })).toThrow(/PAYLOAD_SECRET/)
  })

  it('should derive a stable development secret with a warning', () => {
    const first = resolvePayloadSecret({ isBuild: false, isProduction: false, secret: undefined })
    const second = resolvePayloadSecret({ isBuild: false, isProduction: false, secret: undefined })
    expect(first.secret).toHaveLength(64)
    expect(second.secret).toBe(first.secret)
    expect(first.warning).toMatch(/PAYLOAD_SECRET is not set/)
  })

  it('should not need a secret while the production build evaluates the config', () => {
    expect(resolvePayloadSecret({ isBuild: true, isProduction: true, secret: undefined }).secret).toHaveLength(64)
  })
})

describe('resolveServerUrl', () => {
  it.each([
    ['https://cms.example.com/', true, 'https://cms.example.com'],
    ['http://127.0.0.1:3000', true, 'http://127.0.0.1:3000'],
    [undefined, false, undefined],
  ])('should read SERVER_URL=%j (production: %j)', (value, isProduction, expected) => {
    expect(resolveServerUrl({ isProduction, value })).toBe(expected)
  })

  it.each([
    [undefined, true, /SERVER_URL is not set/],
    ['cms.example.com', false, /not an absolute URL/],
    ['ftp://cms.example.com', false, /must start with http/],
  ])('should refuse SERVER_URL=%j (production: %j)', (value, isProduction, message) => {
    expect(() => resolveServerUrl({ isProduction, value })).toThrow(SettingsError)
    expect(() => resolveServerUrl({ isProduction, value })).toThrow(message)
  })
})

describe('resolveCorsOrigins', () => {
  it.each([
    [
      ' https://a.example , https://b.example ',
      true,
      'https://cms.example',
      ['https://cms.example', 'https://a.example', 'https://b.example'],
    ],
    ['', true, 'https://cms.example', ['https://cms.example']],
    [undefined, false, undefined, '*'],
  ])('should read CORS_ORIGINS=%j', (value, isProduction, serverUrl, expected) => {
    expect(resolveCorsOrigins({ isProduction, serverUrl, value })).toEqual(expected)
  })
})

describe('resolveCorsOrigins, refusing', () => {
  it.each(['https://a.example/path', 'a.example', 'ftp://a.example'])(
    'should refuse CORS_ORIGINS entry %j',
    (value) => {
      expect(() => resolveCorsOrigins({ isProduction: false, serverUrl: undefined, value })).toThrow(
        new SettingsError(
          'CORS_ORIGINS',
          `CORS_ORIGINS entry "${value}" is not an origin; list origins such as https://site.example, comma-separated.`,
        ),
      )
    },
  )
})

const STRONG = 'x'.repeat(MIN_SECRET_LENGTH)

describe('loadSettings', () => {
  it('should give the documented defaults when nothing is set', () => {
    const settings = loadSettings({ env: {} })
    expect({ ...settings, secret: undefined }).toEqual({
      authAttempts: 10,
      cache: {
        isEnabled: true,
        maxAgeSeconds: 0,
        maxBytes: 67_108_864,
        sharedMaxAgeSeconds: 60,
        staleSeconds: 60,
        syncMs: 1000,
      },
      corsOrigins: '*',
      database: { filePath: path.resolve('data/newsdesk.db'), kind: 'sqlite', url: 'file:./data/newsdesk.db' },
      http: {
        apiRequestsPerMinute: 600,
        host: '0.0.0.0',
        maxBodyBytes: 26_214_400,
        port: 3000,
        shutdownTimeoutMs: 10_000,
        trustProxyHops: 0,
      },
      isBuild: false,
      isProduction: false,
      jobs: { autoRun: true, cron: '* * * * *' },
      logLevel: 'info',
      mediaDir: path.resolve('media'),
      previewTokenTtlSeconds: 3600,
      secret: undefined,
      serverUrl: undefined,
      site: {
        name: 'Newsdesk',
        feedContent: 'full',
        language: 'en',
        paths: { article: '/news/{slug}', author: '/authors/{slug}', tag: '/tags/{slug}' },
        url: 'http://localhost:3000',
      },
      webhooks: { allowPrivateTargets: false },
    })
  })

  it('should read every variable as given', () => {
    const settings = loadSettings({
      env: {
        API_CACHE: 'off',
        API_CACHE_MAX_BYTES: '1048576',
        CACHE_MAX_AGE: '5',
        CACHE_S_MAXAGE: '30',
        CACHE_STALE_WHILE_REVALIDATE: '120',
        CACHE_SYNC_MS: '250',
        CORS_ORIGINS: 'https://site.example',
        DATABASE_URI: 'mongodb://db:27017/news?replicaSet=rs0',
        FEED_CONTENT: 'excerpt',
        HOST: '127.0.0.1',
        JOBS_AUTORUN: 'false',
        JOBS_CRON: '*/30 * * * * *',
        LOG_LEVEL: 'warn',
        MAX_BODY_BYTES: '1024',
        MEDIA_DIR: '/srv/media',
        NODE_ENV: 'production',
        PAYLOAD_SECRET: STRONG,
        PORT: '8080',
        PREVIEW_TOKEN_TTL_SECONDS: '600',
        PUBLIC_ARTICLE_PATH: '/{slug}.html',
        PUBLIC_AUTHOR_PATH: '/people/{slug}/',
        PUBLIC_SITE_URL: 'https://news.example/edition/',
        PUBLIC_TAG_PATH: '/topics/{slug}',
        PUBLICATION_LANGUAGE: 'fr-MA',
        PUBLICATION_NAME: ' Le Quotidien ',
        PUBLISHER_LOGO_URL: 'https://news.example/logo.png',
        RATE_LIMIT_API_PER_MINUTE: '60',
        RATE_LIMIT_AUTH_ATTEMPTS: '3',
        SERVER_URL: 'https://cms.example/',
        SHUTDOWN_TIMEOUT_MS: '0',
        TRUST_PROXY_HOPS: '2',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      },
      role: 'server',
    })
    expect(settings).toEqual({
      authAttempts: 3,
      cache: {
        isEnabled: false,
        maxAgeSeconds: 5,
        maxBytes: 1_048_576,
        sharedMaxAgeSeconds: 30,
        staleSeconds: 120,
        syncMs: 250,
      },
      corsOrigins: ['https://cms.example', 'https://site.example'],
      database: { kind: 'mongodb', url: 'mongodb://db:27017/news?replicaSet=rs0' },
      http: {
        apiRequestsPerMinute: 60,
        host: '127.0.0.1',
        maxBodyBytes: 1024,
        port: 8080,
        shutdownTimeoutMs: 0,
        trustProxyHops: 2,
      },
      isBuild: false,
      isProduction: true,
      jobs: { autoRun: false, cron: '*/30 * * * * *' },
      logLevel: 'warn',
      mediaDir: '/srv/media',
      previewTokenTtlSeconds: 600,
      secret: { value: STRONG },
      serverUrl: 'https://cms.example',
      site: {
        name: 'Le Quotidien',
        feedContent: 'excerpt',
        language: 'fr-MA',
        logoUrl: 'https://news.example/logo.png',
        paths: { article: '/{slug}.html', author: '/people/{slug}/', tag: '/topics/{slug}' },
        url: 'https://news.example/edition',
      },
      webhooks: { allowPrivateTargets: true },
    })
  })

  it.each([
    ['RATE_LIMIT_AUTH_ATTEMPTS', '1O', 'RATE_LIMIT_AUTH_ATTEMPTS must be a whole number ≥ 1, not "1O".'],
    ['RATE_LIMIT_AUTH_ATTEMPTS', '0', 'RATE_LIMIT_AUTH_ATTEMPTS must be a whole number ≥ 1, not "0".'],
    ['RATE_LIMIT_API_PER_MINUTE', '2.5', 'RATE_LIMIT_API_PER_MINUTE must be a whole number ≥ 1, not "2.5".'],
    ['MAX_BODY_BYTES', '25MB', 'MAX_BODY_BYTES must be a whole number ≥ 1, not "25MB".'],
    ['TRUST_PROXY_HOPS', '-1', 'TRUST_PROXY_HOPS must be a whole number ≥ 0, not "-1".'],
    ['TRUST_PROXY_HOPS', 'true', 'TRUST_PROXY_HOPS must be a whole number ≥ 0, not "true".'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535, not "70000".'],
    ['PORT', 'http', 'PORT must be a whole number from 0 to 65535, not "http".'],
    ['PREVIEW_TOKEN_TTL_SECONDS', '0', 'PREVIEW_TOKEN_TTL_SECONDS must be a whole number from 1 to 604800, not "0".'],
    [
      'PREVIEW_TOKEN_TTL_SECONDS',
      '604801',
      'PREVIEW_TOKEN_TTL_SECONDS must be a whole number from 1 to 604800, not "604801".',
    ],
    ['SHUTDOWN_TIMEOUT_MS', '10s', 'SHUTDOWN_TIMEOUT_MS must be a whole number ≥ 0, not "10s".'],
    ['JOBS_AUTORUN', 'no', 'JOBS_AUTORUN must be true or false, not "no".'],
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'yes', 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false, not "yes".'],
    ['API_CACHE', 'false', 'API_CACHE must be off or on, not "false".'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose".'],
    ['CACHE_S_MAXAGE', '1m', 'CACHE_S_MAXAGE must be a whole number ≥ 0, not "1m".'],
    ['FEED_CONTENT', 'summary', 'FEED_CONTENT must be full or excerpt, not "summary".'],
    [
      'PUBLIC_SITE_URL',
      'news.example',
      'PUBLIC_SITE_URL "news.example" is not an absolute URL such as https://news.example.com.',
    ],
    [
      'PUBLIC_SITE_URL',
      'ftp://news.example',
      'PUBLIC_SITE_URL "ftp://news.example" must start with http:// or https://.',
    ],
    [
      'PUBLIC_SITE_URL',
      'https://news.example/?edition=1',
      'PUBLIC_SITE_URL "https://news.example/?edition=1" must not carry a query string or fragment.',
    ],
    [
      'PUBLISHER_LOGO_URL',
      '/logo.png',
      'PUBLISHER_LOGO_URL "/logo.png" is not an absolute URL such as https://news.example.com.',
    ],
    [
      'PUBLIC_ARTICLE_PATH',
      'news/{slug}',
      'PUBLIC_ARTICLE_PATH "news/{slug}" must be a path starting with / that holds {slug} once, e.g. /news/{slug}.',
    ],
    [
      'PUBLIC_AUTHOR_PATH',
      '/authors/',
      'PUBLIC_AUTHOR_PATH "/authors/" must be a path starting with / that holds {slug} once, e.g. /news/{slug}.',
    ],
    [
      'PUBLIC_TAG_PATH',
      '/{slug}/{slug}',
      'PUBLIC_TAG_PATH "/{slug}/{slug}" must be a path starting with / that holds {slug} once, e.g. /news/{slug}.',
    ],
    [
      'PUBLIC_TAG_PATH',
      '/tags?name={slug}',
      'PUBLIC_TAG_PATH "/tags?name={slug}" must be a path starting with / that holds {slug} once, e.g. /news/{slug}.',
    ],
    [
      'PUBLICATION_LANGUAGE',
      'English',
      'PUBLICATION_LANGUAGE "English" is not a language tag such as en, fr, pt-BR or zh-Hant-TW.',
    ],
    [
      'PUBLICATION_LANGUAGE',
      'en_US',
      'PUBLICATION_LANGUAGE "en_US" is not a language tag such as en, fr, pt-BR or zh-Hant-TW.',
    ],
    ['NODE_ENV', 'prod', 'NODE_ENV is "prod"; use production, development or test (or leave it unset).'],
  ])('should refuse %s=%j, naming the variable', (variable, value, message) => {
    expect(() => loadSettings({ env: { [variable]: value } })).toThrow(new SettingsError(variable, message))
  })

  it('should refuse a JOBS_CRON croner cannot schedule, naming the variable', () => {
    expect(() => loadSettings({ env: { JOBS_CRON: 'every minute' } })).toThrow(
      /^JOBS_CRON "every minute" is not a cron pattern \(/,
    )
  })

  it('should carry the variable of the error on the error', () => {
    expect(() => loadSettings({ env: { PORT: 'x' } })).toThrow(
      expect.objectContaining({ name: 'SettingsError', variable: 'PORT' }),
    )
  })

  it.each([
    ['server', { NODE_ENV: 'production', PAYLOAD_SECRET: STRONG }, /^SERVER_URL is not set/],
    ['payload', { NODE_ENV: 'production' }, /^PAYLOAD_SECRET is not set/],
  ] as const)('should refuse a production %s role without what it needs', (role, env, message) => {
    expect(() => loadSettings({ env, role })).toThrow(message)
  })

  it('should let tools such as backup run in production without a secret or a public URL', () => {
    expect(loadSettings({ env: { NODE_ENV: 'production' }, role: 'tool' }).database.kind).toBe('sqlite')
  })
})

/** Runs loadSettings on `base` and records each variable it looks up. */
function variablesRead(base: Record<string, string>, role: 'payload' | 'server' | 'tool'): string[] {
  const read = new Set<string>()
  const env = new Proxy(base, {
    get: (target, name) => {
      read.add(String(name))
      return target[String(name)]
    },
  })
  loadSettings({ env, role })
  return [...read].sort()
}

describe('the settings inventory', () => {
  it('should read exactly the variables it names, in development and in production', () => {
    expect(variablesRead({}, 'payload')).toEqual([...SETTING_NAMES].sort())
    expect(
      variablesRead({ NODE_ENV: 'production', PAYLOAD_SECRET: STRONG, SERVER_URL: 'https://cms.example' }, 'server'),
    ).toEqual([...SETTING_NAMES].sort())
  })

  it("should be the README's Configuration table, row for row", async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8')
    const section = readme.split(/^## Configuration$/m)[1].split(/^## /m)[0]
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1])
    expect(documented.sort()).toEqual([...SETTING_NAMES].sort())
  })
})

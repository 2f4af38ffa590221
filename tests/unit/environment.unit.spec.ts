import path from 'node:path'

import { DatabaseConfigError, resolveDatabaseTarget } from '../../src/database'
import { MIN_SECRET_LENGTH, resolvePayloadSecret, SecretConfigError } from '../../src/secret'
import { resolveCorsOrigins, resolveServerUrl, ServerUrlConfigError } from '../../src/serverUrl'

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
    ['mongodb://db:27017/news?replicaSet=rs0', true, { kind: 'mongodb', url: 'mongodb://db:27017/news?replicaSet=rs0' }],
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
      expect(() => resolveDatabaseTarget({ isProduction: false, uri })).toThrow(DatabaseConfigError)
      expect(() => resolveDatabaseTarget({ isProduction: false, uri })).toThrow(/DATABASE_URI.*file:<path>.*mongodb:\/\//)
    },
  )
})

describe('resolvePayloadSecret', () => {
  const strong = 'x'.repeat(MIN_SECRET_LENGTH)

  it('should use a strong secret as given', () => {
    expect(resolvePayloadSecret({ isBuild: false, isProduction: true, secret: strong })).toEqual({ secret: strong })
  })

  it.each([undefined, '', 'short'])('should refuse %j in production', (secret) => {
    expect(() => resolvePayloadSecret({ isBuild: false, isProduction: true, secret })).toThrow(SecretConfigError)
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
    expect(() => resolveServerUrl({ isProduction, value })).toThrow(ServerUrlConfigError)
    expect(() => resolveServerUrl({ isProduction, value })).toThrow(message)
  })
})

describe('resolveCorsOrigins', () => {
  it.each([
    [' https://a.example , https://b.example ', true, 'https://cms.example', ['https://cms.example', 'https://a.example', 'https://b.example']],
    ['', true, 'https://cms.example', ['https://cms.example']],
    [undefined, false, undefined, '*'],
  ])('should read CORS_ORIGINS=%j', (value, isProduction, serverUrl, expected) => {
    expect(resolveCorsOrigins({ isProduction, serverUrl, value })).toEqual(expected)
  })
})

import { describe, expect, it } from '@jest/globals'
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose'
import { createHash } from 'node:crypto'

import { PREVIEW_AUDIENCE, previewTokenOf, signPreviewToken, verifyPreviewToken } from '../../utilities/previewToken'

const SECRET = 'unit-secret-0123456789abcdef0123456789abcdef'
const NOW = new Date('2026-03-01T12:00:00.000Z')
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

/** The reason a token is refused, or 'accepted'. */
async function verdict(token: string, now = NOW): Promise<string> {
  try {
    await verifyPreviewToken({ now, secret: SECRET, token })
    return 'accepted'
  } catch (error) {
    return (error as { problem: string }).problem
  }
}

describe('signPreviewToken', () => {
  it('should sign a compact HS256 JWT for one article, with the preview audience and its expiry', async () => {
    const { expiresAt, token } = await signPreviewToken({ articleId: 42, now: NOW, secret: SECRET, ttlSeconds: 3600 })
    expect([decodeProtectedHeader(token), decodeJwt(token), expiresAt.toISOString()]).toStrictEqual([
      { alg: 'HS256', typ: 'JWT' },
      { article: 42, aud: PREVIEW_AUDIENCE, exp: NOW.getTime() / 1000 + 3600, iat: NOW.getTime() / 1000 },
      '2026-03-01T13:00:00.000Z',
    ])
  })

  it.each([42, '65f1c0ffee0123456789abcd'])('should give back the article id %p in its own type', async (articleId) => {
    const { token } = await signPreviewToken({ articleId, now: NOW, secret: SECRET, ttlSeconds: 60 })
    expect(await verifyPreviewToken({ now: NOW, secret: SECRET, token })).toStrictEqual({ articleId })
  })
})

describe('verifyPreviewToken', () => {
  it.each([
    ['a second before it expires', 3599, 'accepted'],
    ['when it expires', 3600, 'expired'],
    ['a day later', 86_400, 'expired'],
  ])('should judge a token %s', async (_label, seconds, expected) => {
    const { token } = await signPreviewToken({ articleId: 1, now: NOW, secret: SECRET, ttlSeconds: 3600 })
    expect(await verdict(token, at(seconds))).toBe(expected)
  })

  // Regression: the base64url decoder took trailing padding, so `<token>=` still verified.
  it.each(['=', '==', ' ', '.'])('should refuse a token with %j appended as malformed', async (suffix) => {
    const { token } = await signPreviewToken({ articleId: 1, now: NOW, secret: SECRET, ttlSeconds: 3600 })
    expect([await verdict(token, at(1)), await verdict(`${token}${suffix}`, at(1))]).toEqual(['accepted', 'malformed'])
  })

  it('should refuse a token signed with another secret as not verifying', async () => {
    const { token } = await signPreviewToken({ articleId: 1, now: NOW, secret: `${SECRET}-other`, ttlSeconds: 60 })
    expect(await verdict(token)).toBe('signature')
  })

  it("should refuse a session token signed the way Payload signs them, with the Payload secret's own key", async () => {
    // Payload's session key: the first 32 hex characters of the secret's SHA-256, HS256, no audience.
    const key = new TextEncoder().encode(createHash('sha256').update(SECRET).digest('hex').slice(0, 32))
    const session = await new SignJWT({ id: 1, collection: 'users', email: 'a@b.test' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(NOW)
      .setExpirationTime(at(7200))
      .sign(key)
    expect(await verdict(session)).toBe('notPreview')
  })

  it.each([
    ['no token at all', ''],
    ['three dots', '...'],
    ['base64 noise', 'eyJhbGciOiJIUzI1NiJ9.bm9pc2U.c2ln'],
  ])('should call %s malformed', async (_label, token) => {
    expect(await verdict(token)).toBe('malformed')
  })

  it('should refuse a token without the algorithm it was signed with (alg: none)', async () => {
    const { token } = await signPreviewToken({ articleId: 1, now: NOW, secret: SECRET, ttlSeconds: 60 })
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${token.split('.')[1]}.`
    expect(await verdict(unsigned)).toBe('malformed')
  })
})

describe('previewTokenOf', () => {
  it.each([
    ['Preview abc.def.ghi', 'abc.def.ghi'],
    ['preview abc', 'abc'],
    ['PREVIEW   abc  ', 'abc'],
    ['Preview', ''],
    ['JWT abc', undefined],
    ['Bearer abc', undefined],
    ['Previewabc', undefined],
    ['users API-Key abc', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('should read %p as %p', (header, expected) => {
    expect(previewTokenOf(header)).toBe(expected)
  })
})

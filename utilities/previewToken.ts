import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose'
import { hkdfSync } from 'node:crypto'

/**
 * The audience claim of every preview token. Payload's session tokens carry none, and a preview token is checked
 * for exactly this one, so neither kind of token can stand in for the other.
 */
export const PREVIEW_AUDIENCE = 'newsdesk:article-preview'

/** The `Authorization` scheme a frontend sends a preview token with: `Authorization: Preview <token>`. */
export const PREVIEW_SCHEME = 'Preview'

/** HMAC-SHA-256, the algorithm Payload signs its own session tokens with. */
const ALGORITHM = 'HS256'

/** Why a preview token was refused; each has its own message (see {@link PreviewTokenError}). */
/** Three unpadded base64url parts separated by dots. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/u

export type PreviewTokenProblem = 'expired' | 'malformed' | 'notPreview' | 'signature'

const MESSAGES: Record<PreviewTokenProblem, string> = {
  expired: 'The preview token has expired; ask for a new one (POST /api/articles/:id/preview).',
  malformed:
    'The preview token is malformed: send `Authorization: Preview <token>` as POST /api/articles/:id/preview gave it.',
  notPreview: 'This token is not a preview token (a session token goes in `Authorization: JWT <token>`).',
  signature: 'The preview token does not verify: it was altered, or not issued by this server.',
}

/** A refused preview token; `problem` says why and `message` says so to the client. */
export class PreviewTokenError extends Error {
  readonly problem: PreviewTokenProblem

  constructor(problem: PreviewTokenProblem) {
    super(MESSAGES[problem])
    this.name = 'PreviewTokenError'
    this.problem = problem
  }
}

/** What a valid preview token grants: reading one article, drafts included. */
export type PreviewClaim = { articleId: number | string }

const keys = new Map<string, Uint8Array>()

/**
 * The key preview tokens are signed with: HKDF-SHA-256 (RFC 5869) of the Payload secret with a label of its own, so
 * it never equals the key Payload signs sessions with (a preview token cannot verify as a session, whatever it
 * claims) while the one secret still rotates both.
 */
function previewKey(secret: string): Uint8Array {
  let key = keys.get(secret)
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, '', 'newsdesk preview token v1', 32))
    keys.set(secret, key)
  }
  return key
}

/**
 * Signs a preview token: a compact JWS (RFC 7515) holding a JWT (RFC 7519) with the article's id, `aud` =
 * {@link PREVIEW_AUDIENCE}, `iat` and `exp`, signed with jose.
 *
 * @param args.articleId - the article it lets its bearer read (a number on SQLite, a string on MongoDB).
 * @param args.now - the moment of signing (default: now); tests pass a past one to get an expired token.
 * @param args.secret - the Payload secret (`settings.secret.value`).
 * @param args.ttlSeconds - how long it is valid, in seconds (`PREVIEW_TOKEN_TTL_SECONDS`).
 * @returns the token and the moment it expires.
 */
export async function signPreviewToken({
  articleId,
  now = new Date(),
  secret,
  ttlSeconds,
}: {
  articleId: number | string
  now?: Date
  secret: string
  ttlSeconds: number
}): Promise<{ expiresAt: Date; token: string }> {
  // JWT times are whole seconds.
  const issuedAt = Math.floor(now.getTime() / 1000)
  const expiresAt = issuedAt + ttlSeconds
  const token = await new SignJWT({ article: articleId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setAudience(PREVIEW_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(previewKey(secret))
  return { expiresAt: new Date(expiresAt * 1000), token }
}

/**
 * Checks a preview token's signature, audience and expiry.
 *
 * @param args.now - the moment to check expiry at (default: now).
 * @param args.secret - the Payload secret.
 * @param args.token - the token as sent.
 * @returns the article it grants.
 * @throws PreviewTokenError: `expired`, `signature` (altered, or signed with another key), `notPreview` (a session
 *   token or any other JWT without the preview audience), `malformed` (not a JWT, or without an article id).
 */
export async function verifyPreviewToken({
  now = new Date(),
  secret,
  token,
}: {
  now?: Date
  secret: string
  token: string
}): Promise<PreviewClaim> {
  // A compact JWS is three base64url parts (RFC 7515 §7.1); the decoder would also take padding or other
  // characters after them, so an altered token could still pass.
  if (!COMPACT_JWS.test(token)) {
    throw new PreviewTokenError('malformed')
  }
  let claims: Record<string, unknown>
  try {
    ;({ payload: claims } = await jwtVerify(token, previewKey(secret), {
      algorithms: [ALGORITHM],
      audience: PREVIEW_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp'],
    }))
  } catch (error) {
    throw new PreviewTokenError(problemOf(error, token))
  }
  const articleId = claims.article
  if (!(typeof articleId === 'number' || (typeof articleId === 'string' && articleId !== ''))) {
    throw new PreviewTokenError('malformed')
  }
  return { articleId }
}

/**
 * Names what jose refused. A token whose signature fails is told apart by its claims, read unverified only to word
 * the refusal: claims that are no JSON make it malformed, another audience (a session token has none) not a preview
 * token.
 */
function problemOf(error: unknown, token: string): PreviewTokenProblem {
  if (error instanceof errors.JWTExpired) {
    return 'expired'
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return 'notPreview'
  }
  if (!(error instanceof errors.JWSSignatureVerificationFailed)) {
    return 'malformed'
  }
  try {
    return decodeJwt(token).aud === PREVIEW_AUDIENCE ? 'signature' : 'notPreview'
  } catch {
    return 'malformed'
  }
}

/**
 * The preview token of an `Authorization: Preview <token>` header.
 *
 * @param authorization - the header's value, or null/undefined when there is none.
 * @returns the token (possibly empty, which {@link verifyPreviewToken} refuses), or undefined when the header uses
 *   another scheme or is absent. The scheme is matched without regard to case (RFC 9110 §11.1).
 */
export function previewTokenOf(authorization: null | string | undefined): string | undefined {
  const value = authorization?.trim() ?? ''
  const space = value.search(/\s/u)
  const scheme = space === -1 ? value : value.slice(0, space)
  if (scheme.toLowerCase() !== PREVIEW_SCHEME.toLowerCase()) {
    return undefined
  }
  return space === -1 ? '' : value.slice(space).trim()
}

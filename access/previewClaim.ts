import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { getSettings } from '../src/settings'
import { type PreviewClaim, PreviewTokenError, previewTokenOf, verifyPreviewToken } from '../utilities/previewToken'

/**
 * A refused preview token: a 401 with a message saying why (`data.problem` names it, see PreviewTokenProblem). A
 * class of its own so Payload logs it as `info` (`loggingLevels` in src/payload.config.ts), as it does a 403: a
 * frontend holding an old link is no server error.
 */
export class PreviewTokenRefused extends APIError {
  constructor(error: PreviewTokenError) {
    super(error.message, 401, { problem: error.problem }, true)
  }
}

// One check per request, however many access rules and hooks ask (a list asks once per populated relationship).
const checked = new WeakMap<object, Promise<PreviewClaim | undefined>>()

/**
 * What the request's `Authorization: Preview <token>` header grants (utilities/previewToken.ts).
 *
 * @param req - the request; its headers are read (REST, GraphQL, and Local API calls given `req.headers`).
 * @returns the claim, or undefined when the request carries no preview token.
 * @throws PreviewTokenRefused (an APIError, 401) naming the problem when it carries one that is expired, altered,
 *   malformed or no preview token at all: a frontend that sent one expects a draft, and a silent anonymous answer
 *   would hide why it got none.
 */
export function previewClaimOf(req: Pick<PayloadRequest, 'headers'>): Promise<PreviewClaim | undefined> {
  const key = req.headers ?? req
  let claim = checked.get(key)
  if (!claim) {
    claim = readClaim(req.headers?.get('authorization'))
    checked.set(key, claim)
  }
  return claim
}

async function readClaim(authorization: null | string | undefined): Promise<PreviewClaim | undefined> {
  const token = previewTokenOf(authorization)
  if (token === undefined) {
    return undefined
  }
  try {
    return await verifyPreviewToken({ secret: getSettings().secret.value, token })
  } catch (error) {
    if (error instanceof PreviewTokenError) {
      throw new PreviewTokenRefused(error)
    }
    throw error
  }
}

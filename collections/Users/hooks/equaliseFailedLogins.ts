import type { CollectionBeforeOperationHook } from 'payload'

import { pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { AuthenticationError } from 'payload'

/**
 * The cost of Payload 3.90's password hash (payload/dist/auth/strategies/local/generatePasswordSaltHash.js:
 * PBKDF2-SHA256, 600,000 iterations, 32-byte key). A test compares login times, so a change upstream shows.
 */
const HASH_ITERATIONS = 600_000
const HASH_KEY_BYTES = 32

/**
 * The one answer to every failed login: an unknown email, a wrong password and a locked account. It replaces
 * Payload's `error:emailOrPasswordIncorrect` text (src/payload.config.ts), so that a locked-out editor still
 * learns why the right password fails.
 */
export const FAILED_LOGIN_MESSAGE =
  'The email or password is incorrect, or the account is locked for a few minutes after too many failed attempts.'

const pbkdf2Async = promisify(pbkdf2)

/**
 * Makes every failed login look the same from outside, so that no answer tells which emails have accounts.
 * Payload answered an unknown email before hashing (a few milliseconds against hundreds for a wrong password), and
 * a locked account with its own error, also before hashing. For an email without an account, or an account that
 * is locked, this hashes the given password once at Payload's cost; for a locked account it then throws the very
 * error a wrong password gets (same class, status 401 and message). Other logins go on to Payload unchanged.
 *
 * @returns the operation's arguments, unchanged.
 * @throws AuthenticationError (401) for a locked account, whatever the password.
 */
export const equaliseFailedLogins: CollectionBeforeOperationHook<'users'> = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const email = operation === 'login' ? (args as { data?: { email?: unknown } }).data?.email : undefined
  if (typeof email !== 'string') {
    return args
  }
  const user = await req.payload.db.findOne<{ id: number | string; lockUntil?: Date | null | string }>({
    collection: collection.slug,
    req,
    where: { email: { equals: email.toLowerCase().trim() } },
  })
  const isLocked = Boolean(user?.lockUntil) && new Date(user!.lockUntil!).getTime() > Date.now()
  if (!user || isLocked) {
    const password = (args as { data?: { password?: unknown } }).data?.password
    await pbkdf2Async(
      String(password ?? ''),
      randomBytes(32).toString('hex'),
      HASH_ITERATIONS,
      HASH_KEY_BYTES,
      'sha256',
    )
  }
  if (isLocked) {
    throw new AuthenticationError(req.t)
  }
  return args
}

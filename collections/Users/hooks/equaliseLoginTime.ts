import type { CollectionBeforeOperationHook } from 'payload'

import { pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

/**
 * The cost of Payload 3.90's password hash (payload/dist/auth/strategies/local/generatePasswordSaltHash.js:
 * PBKDF2-SHA256, 600,000 iterations, 32-byte key). A test compares login times, so a change upstream shows.
 */
const HASH_ITERATIONS = 600_000
const HASH_KEY_BYTES = 32

const pbkdf2Async = promisify(pbkdf2)

/**
 * Makes a login with an unknown email take as long as one with a known email and a wrong password.
 * Payload answers an unknown email before hashing anything, so without this the response time alone told an
 * attacker which emails have accounts (a hash costs hundreds of milliseconds; the lookup, a few). When the
 * email has no account, this hashes the given password once, at Payload's cost, and lets the login fail as usual.
 *
 * @returns the operation's arguments, unchanged.
 */
export const equaliseLoginTime: CollectionBeforeOperationHook<'users'> = async ({ args, collection, operation, req }) => {
  const email = operation === 'login' ? (args as { data?: { email?: unknown } }).data?.email : undefined
  if (typeof email !== 'string') {
    return args
  }
  const user = await req.payload.db.findOne({
    collection: collection.slug,
    req,
    where: { email: { equals: email.toLowerCase().trim() } },
  })
  if (!user) {
    const password = (args as { data?: { password?: unknown } }).data?.password
    await pbkdf2Async(String(password ?? ''), randomBytes(32).toString('hex'), HASH_ITERATIONS, HASH_KEY_BYTES, 'sha256')
  }
  return args
}

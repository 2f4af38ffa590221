import type { Payload, SanitizedConfig } from 'payload'

import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import type { User } from '../../src/payload-types'

/** A Payload instance on a database of its own, and how to throw it away. */
export type TestPayload = {
  config: SanitizedConfig
  payload: Payload
  stop: () => Promise<void>
}

/**
 * A database URI no other test uses. SQLite (the default): a new file in the OS temp folder. When
 * `DATABASE_URI` names a MongoDB server, a new database on that server.
 *
 * @param name - a short label that ends up in the file or database name.
 */
export function throwawayDatabaseUri(name: string): string {
  const unique = `${name.replace(/[^a-z0-9]/gi, '_')}_${randomUUID().slice(0, 8)}`
  const base = process.env.DATABASE_URI ?? ''
  if (base.startsWith('mongodb')) {
    const url = new URL(base)
    url.pathname = `/newsdesk_test_${unique}`
    return url.toString()
  }
  return `file:${path.join(os.tmpdir(), `newsdesk-test-${unique}.db`)}`
}

let starts = 0
let fileDatabaseUri: string | undefined

/**
 * Boots Payload with the project's config on a throwaway database (see {@link throwawayDatabaseUri}).
 * The config reads its environment when first imported, so this must run before anything imports it.
 *
 * A test file uses one database: a second start (after `stop()`) reopens it, as a restarted app would.
 *
 * @param name - a label for the database.
 * @param options.keepData - `stop()` only closes the instance, leaving the database for a later start.
 * @returns the instance, its sanitised config, and `stop()` that closes it and deletes its data.
 */
export async function startPayload(name: string, { keepData = false } = {}): Promise<TestPayload> {
  // Module state is per test file in Jest; process.env may outlive a file.
  fileDatabaseUri ??= throwawayDatabaseUri(name)
  const uri = fileDatabaseUri
  process.env.DATABASE_URI = uri
  process.env.PAYLOAD_SECRET ??= 'test-secret-0123456789abcdef0123456789abcdef'
  const { default: configPromise } = await import('../../src/payload.config')
  const config = await configPromise
  // Payload caches instances by key: the first start uses the default key (the one the route handlers use);
  // a restart needs a new key, or it would get the destroyed instance back.
  starts += 1
  const payload = await getPayload(starts === 1 ? { config } : { config, key: randomUUID() })
  return {
    config,
    payload,
    stop: async () => {
      if (keepData) {
        await payload.destroy()
        return
      }
      if (uri.startsWith('mongodb')) {
        await dropMongoDatabase(payload)
      }
      await payload.destroy()
      if (uri.startsWith('file:')) {
        const file = uri.slice('file:'.length)
        await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })))
      }
    },
  }
}

/** Drops the test database; servers without `dropDatabase` get every collection emptied instead. */
async function dropMongoDatabase(payload: Payload): Promise<void> {
  // The adapter's mongoose connection is not part of the generic adapter type.
  const connection = (payload.db as unknown as { connection: import('mongoose').Connection }).connection
  try {
    await connection.dropDatabase()
  } catch {
    for (const model of Object.values(connection.models)) {
      await model.deleteMany({})
    }
  }
}

/**
 * Creates a user with exactly the given roles and logs it in. The first account of a database is made an admin
 * whatever it asks for (makeFirstUserAdmin); when that happens here, the roles asked for are set back, so a test's
 * "writer" is never an admin in disguise.
 *
 * @param payload - the instance.
 * @param roles - the user's roles.
 * @param options.author - the author profile the account writes as (`users.author`); a writer needs one to create
 *   articles.
 * @returns the user (for Local API calls with `user`) and a JWT for the `Authorization: JWT …` header.
 * @throws Error when the user does not end up with exactly these roles.
 */
export async function createAccount(
  payload: Payload,
  roles: Array<'admin' | 'editor' | 'writer'>,
  { author }: { author?: number | string } = {},
): Promise<{ token: string; user: User }> {
  const email = `${roles.join('-') || 'none'}-${randomUUID().slice(0, 8)}@newsdesk.test`
  const password = `pw-${randomUUID()}`
  // Generated types describe SQLite's numeric ids; MongoDB's string ids pass through unchanged.
  const data = { author: author as number | undefined, email, password, roles }
  let user = await payload.create({ collection: 'users', data, overrideAccess: true })
  if (JSON.stringify(user.roles) !== JSON.stringify(roles)) {
    user = await payload.update({ id: user.id, collection: 'users', data: { roles }, overrideAccess: true })
  }
  if (JSON.stringify(user.roles) !== JSON.stringify(roles)) {
    throw new Error(`createAccount: asked for roles ${JSON.stringify(roles)}, got ${JSON.stringify(user.roles)}`)
  }
  const { token } = await payload.login({ collection: 'users', data: { email, password } })
  return { token: token!, user: { ...user, collection: 'users' } }
}

/** {@link createAccount}'s token alone. */
export async function loginAs(
  payload: Payload,
  roles: Array<'admin' | 'editor' | 'writer'>,
  options: { author?: number | string } = {},
): Promise<string> {
  return (await createAccount(payload, roles, options)).token
}

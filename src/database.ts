import type { Client, TransactionMode } from '@libsql/client'
import type { SQL, SQLWrapper } from '@payloadcms/db-sqlite/drizzle'
import type { MutexInterface } from 'async-mutex'
import type { DatabaseAdapterObj } from 'payload'

import { createClient } from '@libsql/client'
import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { sql, sqliteAdapter } from '@payloadcms/db-sqlite'
import { Mutex, withTimeout } from 'async-mutex'
import mongoose from 'mongoose'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

import type { DatabaseHold } from './databaseLock'
import type { DatabaseTarget } from './settings/database'

import { announceTransactionEnd } from './contentEvents'
import { holdDatabase } from './databaseLock'
import { foldSearchPatterns } from './foldedSearch'
import { migrations } from './migrations'
import { SettingsError } from './settings/error'

/**
 * Builds the Payload database adapter for a target. This is the one place that knows which adapters exist.
 *
 * SQLite: WAL journal (readers do not block the writer), a 5 s busy timeout, transactions on
 * (`transactionOptions: {}`; the adapter leaves them off otherwise) and the committed migrations applied at
 * start-up in production (`prodMigrations`). The parent folder is created, because libsql does not. While
 * connected, the instance holds the file (src/databaseLock.ts), so `npm run restore` refuses to replace it.
 * MongoDB: Payload's mongoose adapter; it uses transactions when the server is a replica set. Indexes (the
 * unique slug among them) are built before Payload serves, not in the background. Join fields are filled with
 * ordinary, access-checked `find` queries rather than one aggregation: the same path on MongoDB, DocumentDB
 * and the emulator the test lane runs on.
 * Both: `like`, `contains` and `not_like` on titles, names and slugs compare case- and accent-folded search keys
 * ({@link foldSearchPatterns}, applied once connected).
 *
 * @param target - the `database` setting (src/settings/database.ts).
 * @returns the adapter object for `buildConfig({ db })`.
 */
export function databaseAdapter(target: DatabaseTarget): DatabaseAdapterObj {
  if (target.kind === 'mongodb') {
    return withWriteQueue({
      adapter: mongooseAdapter({ ensureIndexes: true, url: target.url, useJoinAggregations: false }),
      afterConnect: (instance) => foldSearchPatterns(instance as unknown as Parameters<typeof foldSearchPatterns>[0]),
      key: target.url,
    })
  }
  mkdirSync(path.dirname(target.filePath), { recursive: true })
  return withWriteQueue({
    adapter: withFileHeld({
      adapter: sqliteAdapter({
        busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
        client: { url: target.url },
        prodMigrations: migrations,
        transactionOptions: {},
        wal: true,
      }),
      filePath: target.filePath,
    }),
    afterConnect: (instance) => {
      keepBusyTimeoutOnNewConnections((instance as unknown as { client: Client }).client)
      takePatternsLiterally(instance as unknown as { operators: PatternOperators })
      foldSearchPatterns(instance as unknown as Parameters<typeof foldSearchPatterns>[0])
    },
    key: target.filePath,
  })
}

/**
 * Makes the write transactions of this process take turns on one database.
 *
 * Why: on SQLite, libsql runs queries synchronously, so a transaction waiting on SQLite's lock would block the
 * very event loop the lock holder needs (concurrent saves failed at once with SQLITE_BUSY). On MongoDB,
 * concurrent transactions that insert the same unique slug conflict and one of them fails. Newsroom writes are
 * few and short, so taking turns costs little and gives both databases the same behaviour: racing saves of one
 * title get `-2`, `-3`, … instead of an error. Reads are not queued. Several processes still rely on the
 * database (SQLite's lock with its busy timeout, MongoDB's unique indexes).
 *
 * @param args.adapter - the adapter object from sqliteAdapter() or mongooseAdapter().
 * @param args.key - identifies the database (file path or URI), so instances on one database share the queue.
 * @param args.afterConnect - runs after the adapter connects.
 * @returns the same adapter with queued beginTransaction, commitTransaction and rollbackTransaction.
 */
function withWriteQueue({
  adapter,
  afterConnect,
  key,
}: {
  adapter: DatabaseAdapterObj
  afterConnect?: (instance: ReturnType<DatabaseAdapterObj['init']>) => void
  key: string
}): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args)
      const { connect } = instance
      const writeTurn = writeTurnFor(key)
      const releases = new Map<number | string, () => void>()
      const finish = async (id: number | Promise<number | string> | string, end: () => Promise<void>) => {
        const transactionId = await id
        try {
          await end()
        } finally {
          releases.get(transactionId)?.()
          releases.delete(transactionId)
          announceTransactionEnd()
        }
      }
      // Payload may replace these on connect (MongoDB without a replica set runs without transactions), so the
      // queue wraps whatever the adapter has once connected.
      instance.connect = async function (this: typeof instance, options) {
        await connect?.call(this, options)
        afterConnect?.(this)
        const { beginTransaction, commitTransaction, rollbackTransaction } = this
        this.beginTransaction = async function (this: typeof instance, transactionOptions) {
          const release = await writeTurn.acquire()
          try {
            const id = await beginTransaction.call(this, transactionOptions)
            if (id === null) {
              release()
            } else {
              releases.set(id, release)
            }
            return id
          } catch (error) {
            release()
            throw error
          }
        }
        this.commitTransaction = async function (this: typeof instance, id) {
          await finish(id, () => commitTransaction.call(this, id))
        }
        this.rollbackTransaction = async function (this: typeof instance, id) {
          await finish(id, () => rollbackTransaction.call(this, id))
        }
      }
      return instance
    },
  }
}

/**
 * Makes a SQLite adapter hold its file from connect to destroy (src/databaseLock.ts), so `npm run restore`
 * refuses while any Payload process (the server's instances, an import, a seed, `payload jobs:run`) uses it.
 * Payload's own connections are not relied on for this: libsql hands its connection to each transaction and
 * opens the next one only for the next query, and that they stay open afterwards is a libsql bug
 * (tursodatabase/libsql-js#230), not a promise.
 *
 * @param args.adapter - the adapter object from sqliteAdapter().
 * @param args.filePath - path of the database file.
 * @returns the same adapter, holding the file while connected.
 */
function withFileHeld({ adapter, filePath }: { adapter: DatabaseAdapterObj; filePath: string }): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const instance = adapter.init(args)
      const { connect, destroy } = instance
      let hold: DatabaseHold | undefined
      instance.connect = async function (this: typeof instance, options) {
        await connect?.call(this, options)
        hold ??= holdDatabase(filePath)
      }
      instance.destroy = async function (this: typeof instance) {
        await destroy?.call(this)
        hold?.release()
        hold = undefined
      }
      return instance
    },
  }
}

/** How long a write transaction waits for this process's earlier ones before giving up with an error. */
const WRITE_QUEUE_TIMEOUT_MS = 30_000
const WRITE_TURNS = Symbol.for('newsdesk.writeTurns')

/**
 * The write queue of one database, shared by every Payload instance of the process (the server's job
 * runner and the one Next.js bundles are separate module graphs, hence a global registry).
 *
 * @param key - the database's file path or URI.
 * @returns a mutex whose `acquire()` rejects after {@link WRITE_QUEUE_TIMEOUT_MS}.
 */
function writeTurnFor(key: string): MutexInterface {
  const registry = globalThis as { [WRITE_TURNS]?: Map<string, MutexInterface> }
  const turns = (registry[WRITE_TURNS] ??= new Map())
  let turn = turns.get(key)
  if (!turn) {
    turn = withTimeout(
      new Mutex(),
      WRITE_QUEUE_TIMEOUT_MS,
      new Error(`write queue: waited over ${WRITE_QUEUE_TIMEOUT_MS} ms for other writes to finish`),
    )
    turns.set(key, turn)
  }
  return turn
}

/** How long a SQLite write waits for another writer to finish before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000

/**
 * libsql hands its connection to each transaction and opens a fresh one for later queries, and the fresh
 * connection starts with busy_timeout 0 (Payload sets the pragma once, at connect). Two concurrent saves then
 * fail at once with SQLITE_BUSY instead of waiting their turn. This re-applies the pragma to the connection
 * that replaces the one a transaction took.
 *
 * @param client - the adapter's libsql client after connect.
 */
function keepBusyTimeoutOnNewConnections(client: Client): void {
  const transaction = client.transaction.bind(client)
  client.transaction = (async (mode?: TransactionMode) => {
    const tx = await transaction(mode)
    await client.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
    return tx
  }) as Client['transaction']
}

/** The SQLite adapter's comparison builders that `where` operators use, by operator name. */
type PatternOperators = Record<string, (column: SQLWrapper, value: unknown) => SQL>

/**
 * Makes `contains` and `like` take `_` and `%` literally on SQLite, as MongoDB's adapter does (it escapes the
 * value into its regular expression): the adapter wraps the value of `contains`, and each word of `like`, in
 * `%…%` and hands it to LIKE unescaped, so `contains=_` matched every title and `like=100%` any title with
 * "100". The part between the two added `%` is escaped and LIKE is told the escape character; Payload's own
 * LIKE patterns (array paths such as `blocks.%.`, which are not wrapped) pass unchanged. LIKE keeps its case
 * rules (ASCII letters only), which is why titles, names and slugs are compared folded ({@link foldSearchPatterns}, applied once connected).
 * Workaround: Payload 3.90.1's SQLite adapter passes `_` and `%` of `contains` and `like` values as wildcards.
 *
 * @param instance - the connected SQLite adapter; its `operators` are replaced.
 */
function takePatternsLiterally(instance: { operators: PatternOperators }): void {
  const { contains, like } = instance.operators
  const literal =
    (original: PatternOperators[string]): PatternOperators[string] =>
    (column, value) => {
      if (typeof value !== 'string' || value.length < 2 || !value.startsWith('%') || !value.endsWith('%')) {
        return original(column, value)
      }
      const escaped = value.slice(1, -1).replace(/[\\%_]/gu, '\\$&')
      return sql`${column} LIKE ${`%${escaped}%`} ESCAPE '\\'`
    }
  instance.operators = { ...instance.operators, contains: literal(contains), like: literal(like) }
}

/** A long-lived connection used to answer readiness checks without going through Payload. */
export type DatabaseProbe = {
  /** Resolves when the database answers a trivial query; rejects with the reason otherwise. */
  check: (timeoutMs: number) => Promise<void>
  close: () => Promise<void>
}

/**
 * Opens a readiness probe on the target: `SELECT 1` on SQLite, the `ping` command on MongoDB.
 * The connection is made lazily on the first check and reused afterwards.
 *
 * @param target - the `database` setting (src/settings/database.ts).
 * @returns a probe whose `check(timeoutMs)` rejects when the database does not answer within `timeoutMs` milliseconds.
 */
export function createDatabaseProbe(target: DatabaseTarget): DatabaseProbe {
  const withTimeout = async (work: Promise<unknown>, timeoutMs: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([work, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  if (target.kind === 'sqlite') {
    const client = createClient({ url: target.url })
    return {
      check: (timeoutMs) => withTimeout(client.execute('SELECT 1'), timeoutMs),
      close: () => Promise.resolve(client.close()),
    }
  }

  let connection: mongoose.Connection | undefined
  return {
    check: (timeoutMs) =>
      withTimeout(
        (async () => {
          connection ??= mongoose.createConnection(target.url, { serverSelectionTimeoutMS: timeoutMs })
          await connection.asPromise()
          await connection.db!.admin().ping()
        })(),
        timeoutMs,
      ),
    close: async () => {
      await connection?.close()
    },
  }
}

/**
 * Refuses a production start on a SQLite file that development mode pushed its schema to: Payload marks such
 * a file with a `payload_migrations` row of batch -1, and running migrations on it prompts and hangs.
 *
 * @param target - the `database` setting; MongoDB targets pass without a check.
 * @throws SettingsError for DATABASE_URI, naming the file and the way out.
 */
export async function assertUsableInProduction(target: DatabaseTarget): Promise<void> {
  if (target.kind !== 'sqlite') {
    return
  }
  const client = createClient({ url: target.url })
  try {
    const table = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'payload_migrations'",
    )
    if (table.rows.length === 0) {
      return
    }
    const pushed = await client.execute('SELECT 1 FROM payload_migrations WHERE batch = -1 LIMIT 1')
    if (pushed.rows.length > 0) {
      throw new SettingsError(
        'DATABASE_URI',
        `DATABASE_URI points at ${target.filePath}, which development mode pushed its schema to. ` +
          'Production applies migrations and cannot use it: point DATABASE_URI at another file (or remove this one).',
      )
    }
  } finally {
    client.close()
  }
}

import Database from 'libsql'
import { LRUCache } from 'lru-cache'

/**
 * Statements kept per connection: well above the distinct SQL texts Payload sends for this schema, and a bound on
 * a connection's native memory when lists of varying length (`IN (?, ?, …)`) make more.
 */
export const STATEMENTS_PER_CONNECTION = 500

/** Statements kept and reused: the ones whose compiled form depends only on the schema. */
const REUSABLE = /^\s*(?:delete|insert|replace|select|update|with)\b/i
/** Statements that cannot change the schema; any other text that is not reusable may (DDL, or SQL led by a comment). */
const SCHEMA_NEUTRAL = /^\s*(?:begin|commit|end|pragma|release|rollback|savepoint)\b/i

interface ConnectionStatements {
  schemaGeneration: number
  statements: LRUCache<string, Database.Statement>
}

const statementsOf = new WeakMap<Database.Database, ConnectionStatements>()
let schemaGeneration = 0
let installed = false

/**
 * Makes libsql's `Database.prepare` hand back the statement it prepared before for the same SQL text on the same
 * connection, instead of compiling it again, and its column list without asking SQLite again.
 *
 * Why: @libsql/client (the SQLite adapter's driver) calls `prepare` for every statement it executes and reads
 * the column list twice per run; in a profile of uncached article reads, compiling took about 6 % of the time
 * and the column lists about 3 %. Reuse is safe for this driver: it sets the statement's modes (`safeIntegers`,
 * `raw`) on every execution, binds fresh arguments and reads every row before it returns, and SQLite resets a
 * statement when it runs again, also after a failed run.
 * The cache is per connection (a `Database` object), so the connection a transaction takes away from the client
 * keeps its own statements and they go with it.
 *
 * Schema changes: SQLite recompiles a stale statement when it runs, but the column list the driver reads first
 * is the old one (and is kept here). So any statement of this process that may change the schema (through
 * `prepare` or `exec`) empties every connection's cache. A schema change by another process is not seen: a
 * server must restart after another process migrates its database, as Payload's schema lives in its code.
 *
 * Installing it again does nothing. It changes the process's libsql class, so it applies to every connection.
 */
export function reusePreparedStatements(): void {
  if (installed) {
    return
  }
  installed = true
  // eslint-disable-next-line @typescript-eslint/unbound-method -- each is called with its connection as `this`
  const { exec, prepare } = Database.prototype
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    if (!REUSABLE.test(sql)) {
      if (!SCHEMA_NEUTRAL.test(sql)) {
        schemaGeneration += 1
      }
      return prepare.call(this, sql)
    }
    let cached = statementsOf.get(this)
    if (cached?.schemaGeneration !== schemaGeneration) {
      cached = { schemaGeneration, statements: new LRUCache({ max: STATEMENTS_PER_CONNECTION }) }
      statementsOf.set(this, cached)
    }
    let statement = cached.statements.get(sql)
    if (!statement) {
      statement = prepare.call(this, sql)
      // The driver asks for the column list twice per run, and it is fixed until the schema changes.
      const columns = statement.columns.bind(statement)
      let known: ReturnType<typeof columns> | undefined
      statement.columns = () => (known ??= columns())
      cached.statements.set(sql, statement)
    }
    return statement
  } as Database.Database['prepare']
  // `exec` runs scripts (migrations among them) without preparing: count each as a possible schema change.
  Database.prototype.exec = function (this: Database.Database, sql: string) {
    schemaGeneration += 1
    return exec.call(this, sql)
  }
}

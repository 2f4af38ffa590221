import Database from 'libsql'
import { existsSync } from 'node:fs'
import { readdir, readFile, readlink } from 'node:fs/promises'

/**
 * Marks a SQLite file as in use for as long as a process uses it, with SQLite's own file lock.
 *
 * How: in WAL mode a connection that has read the file keeps a shared lock on it until the connection closes
 * (SQLite's pager drops it between transactions only in the rollback journal modes; "WAL mode" in
 * https://www.sqlite.org/lockingv3.html and pager_unlock() in SQLite's pager.c). An exclusive lock, which
 * `npm run restore` asks for ({@link assertDatabaseNotInUse}), is then refused with SQLITE_BUSY. The kernel
 * drops the lock when the process ends, a SIGKILL included, so nothing stale is left behind; any number of
 * processes (the server, an import) can hold it at once. A process that opens and closes the file outside SQLite
 * (fs.readFile, fs.copyFile) drops its SQLite locks on it (POSIX advisory locks, "How To Corrupt An SQLite
 * Database File" section 2.2); nothing in the server does.
 *
 * Both sides talk to SQLite through libsql's `Database.exec()` only, not @libsql/client: libsql 0.4.7 does not
 * release a connection that prepared a statement when it is closed (tursodatabase/libsql-js#230), so a check or
 * a hold made through the client would keep the file locked until the process ends.
 */

/** What {@link holdDatabase} returns: the held connection and how to let go of it. */
export type DatabaseHold = { release: () => void }

/**
 * Opens a connection to a SQLite file and keeps it open, so `npm run restore` refuses while this process runs.
 * It sets WAL mode (the mode the adapter uses, src/database.ts; the shared lock is kept only in WAL mode) and
 * reads the schema once, which takes the shared lock.
 *
 * @param filePath - path of the SQLite file (the `filePath` of the `database` setting).
 * @returns `release()`, which closes the connection (and so drops the lock); calling it twice is harmless.
 * @throws libsql's SqliteError when the file cannot be opened or read.
 */
export function holdDatabase(filePath: string): DatabaseHold {
  const db = new Database(filePath)
  try {
    db.exec('PRAGMA journal_mode = WAL; SELECT count(*) FROM sqlite_master')
  } catch (error) {
    db.close()
    throw error
  }
  return {
    release: () => {
      if (db.open) {
        db.close()
      }
    },
  }
}

/** How long the restore's exclusive lock waits for a transaction of another process to end before it gives up. */
const EXCLUSIVE_WAIT_MS = 1_000

/** Thrown by {@link assertDatabaseNotInUse}: another connection has the file open. Its message says what to do. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly filePath: string,
    readonly holders: Holder[],
  ) {
    const who =
      holders.length > 0
        ? `held by ${holders.map(({ command, pid }) => `pid ${pid} (${command})`).join(', ')}`
        : 'held by another process'
    super(
      `${filePath} is in use: SQLite refused an exclusive lock (SQLITE_BUSY), ${who}. ` +
        'Stop every process using the database first: the server (Ctrl-C, or kill -TERM <pid>; ' +
        '`docker compose stop app` in Docker), and any import, seed or payload command still running. ' +
        'Then run the restore again. Nothing was changed.',
    )
    this.name = 'DatabaseInUseError'
  }
}

/**
 * Checks that no other connection, in any process, has a SQLite file open, by taking an exclusive lock on it
 * (`locking_mode = EXCLUSIVE` then `BEGIN EXCLUSIVE`) and letting go at once. A file that does not exist is not
 * in use. Errors other than SQLITE_BUSY (a file that is not a database, say) are not a refusal: restoring over a
 * damaged file is what a restore is for.
 *
 * @param filePath - absolute path of the SQLite file.
 * @throws DatabaseInUseError naming the file, the processes that have it open (Linux: read from /proc; elsewhere
 *   none is named) and how to stop them.
 */
export async function assertDatabaseNotInUse(filePath: string): Promise<void> {
  if (!existsSync(filePath)) {
    return
  }
  const db = new Database(filePath)
  try {
    db.exec(`PRAGMA busy_timeout = ${EXCLUSIVE_WAIT_MS}; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; ROLLBACK`)
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new DatabaseInUseError(filePath, await processesWithOpen(filePath))
    }
  } finally {
    db.close()
  }
}

/** A process that has a file open: its id and command line. */
export type Holder = { command: string; pid: number }

/**
 * The other processes that have a file open, read from Linux's /proc (each process's `fd` links and `cmdline`).
 * Best effort: processes of other users are not readable without root, and elsewhere there is no /proc.
 *
 * @param filePath - absolute path of the file.
 * @returns the processes found, this one left out; none where /proc cannot be read.
 */
async function processesWithOpen(filePath: string): Promise<Holder[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter(
    (name) => /^\d+$/u.test(name) && Number(name) !== process.pid,
  )
  const holders: Holder[] = []
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')))
    if (links.includes(filePath)) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
      holders.push({
        command: cmdline.split('\0').join(' ').replace(/\s+/gu, ' ').trim().slice(0, 200),
        pid: Number(pid),
      })
    }
  }
  return holders
}

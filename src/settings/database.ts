import path from 'node:path'

import { SettingsError } from './error'

/** The embedded default, used when `DATABASE_URI` is unset outside production. */
export const DEFAULT_SQLITE_URI = 'file:./data/newsdesk.db'
/**
 * The default in production. It is a different file on purpose: development mode pushes its schema
 * straight into the database, and Payload's migrations then refuse (interactively) to run on that file.
 */
export const DEFAULT_PRODUCTION_SQLITE_URI = 'file:./data/newsdesk-production.db'

const ACCEPTED_FORMS = 'file:<path> (SQLite), mongodb://… or mongodb+srv://… (MongoDB)'

/** Where the content lives, as parsed from `DATABASE_URI`. */
export type DatabaseTarget = { filePath: string; kind: 'sqlite'; url: string } | { kind: 'mongodb'; url: string }

/**
 * Parses `DATABASE_URI` into a database target.
 *
 * @param args.uri - the raw variable (`undefined` or empty when unset).
 * @param args.isProduction - whether `NODE_ENV` is `production`; picks the default file when `uri` is unset.
 * @returns `{ kind: 'sqlite', url, filePath }` for `file:` URIs (filePath absolute, query string removed),
 *   `{ kind: 'mongodb', url }` for `mongodb:` and `mongodb+srv:` URIs.
 * @throws SettingsError for any other scheme or an empty SQLite path, naming the variable and the accepted
 *   forms; in production also for a `mongodb://` URI without `replicaSet` (no transactions without a replica set).
 */
export function resolveDatabaseTarget({
  isProduction,
  uri,
}: {
  isProduction: boolean
  uri: string | undefined
}): DatabaseTarget {
  const value = uri?.trim() || (isProduction ? DEFAULT_PRODUCTION_SQLITE_URI : DEFAULT_SQLITE_URI)
  if (value.startsWith('file:')) {
    const filePart = value.slice('file:'.length).split('?')[0] ?? ''
    if (!filePart) {
      throw new SettingsError(
        'DATABASE_URI',
        `DATABASE_URI "${value}" names no file. Accepted forms: ${ACCEPTED_FORMS}.`,
      )
    }
    return { filePath: path.resolve(filePart), kind: 'sqlite', url: value }
  }
  if (value.startsWith('mongodb://') || value.startsWith('mongodb+srv://')) {
    // Payload runs MongoDB without transactions, silently, unless the client knows it talks to a replica set.
    // A mongodb+srv:// URI gets replicaSet from the cluster's DNS TXT record (Atlas always has one).
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new SettingsError(
        'DATABASE_URI',
        `DATABASE_URI "${value}" is not a well-formed URI. Accepted forms: ${ACCEPTED_FORMS}.`,
      )
    }
    if (isProduction && value.startsWith('mongodb://') && !url.searchParams.has('replicaSet')) {
      throw new SettingsError(
        'DATABASE_URI',
        'DATABASE_URI names a MongoDB server without replicaSet=<name>. Production needs transactions, and ' +
          'MongoDB only runs them on a replica set: start mongod with --replSet (docker-compose.yml does) and add ' +
          'replicaSet=<name> to the URI.',
      )
    }
    return { kind: 'mongodb', url: value }
  }
  const scheme = value.includes(':') ? `"${value.split(':')[0]}:"` : 'no scheme'
  throw new SettingsError(
    'DATABASE_URI',
    `DATABASE_URI has ${scheme}, which Newsdesk cannot use. Accepted forms: ${ACCEPTED_FORMS}.`,
  )
}

import { createClient } from '@libsql/client'
import path from 'node:path'

/** The manifest file of a backup folder. */
export const MANIFEST = 'manifest.json'

/** What a backup folder's manifest records. */
export type Manifest = { createdAt: string; database: string; hasMedia: boolean; sha256: string; source: string }

/**
 * Runs SQLite's own consistency check on a database file.
 *
 * @param file - path of a SQLite file.
 * @returns "ok", or the problems SQLite reports, one per line.
 */
export async function integrityOf(file: string): Promise<string> {
  const client = createClient({ url: `file:${file}` })
  try {
    const result = await client.execute('PRAGMA integrity_check')
    return result.rows.map((row) => String(Object.values(row)[0])).join('\n')
  } finally {
    client.close()
  }
}

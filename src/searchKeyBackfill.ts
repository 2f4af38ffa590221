import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { Payload } from 'payload'

import type { SearchKeyCustom } from '../fields/searchKey'

import { foldForSearch } from '../utilities/searchFold'
import { backfillSearchKeys as backfillSqlite } from './migrations/20261202_170525_search_keys'

/** A collection's search keys: each hidden key field with the field it folds (fields/searchKey.ts). */
type KeyedCollection = { hasVersions: boolean; keys: Array<{ key: string; source: string }>; slug: string }

/** The collections of the config that have search keys (top-level fields with `custom.searchKeyOf`). */
function keyedCollections(payload: Payload): KeyedCollection[] {
  return Object.values(payload.collections)
    .map(({ config }) => ({
      slug: config.slug,
      hasVersions: Boolean(config.versions),
      keys: config.flattenedFields.flatMap((field) => {
        const source = (field.custom as SearchKeyCustom | undefined)?.searchKeyOf
        return typeof source === 'string' ? [{ key: field.name, source }] : []
      }),
    }))
    .filter((collection) => collection.keys.length > 0)
}

/**
 * Fills the search keys (`searchTitle`, `searchName`) of documents and versions saved before the keys existed, so
 * `like` and `contains` find them. New saves set them through the field's hook; this is for what was already there.
 *
 * SQLite: the `search_keys` migration does it in production (prodMigrations); this runs the same fill for a
 * development database whose schema was pushed. MongoDB has no schema migrations here: this is the backfill, run
 * once after deploying (`npm run backfill:search`). It writes the key alone (`$set`), straight to the database: no
 * hooks, no new version, no `updatedAt` change, no content event. Rows whose key is set are skipped, so a second
 * run writes nothing. Because it must reach the versions' nested `version` objects, which Payload's adapter API
 * replaces whole, it is the one place outside src/database.ts that tells the adapters apart.
 *
 * @param payload - an initialised Payload.
 * @returns how many documents and versions were written (on SQLite, 0: the migration's fill reports nothing).
 * @throws Error on another database adapter.
 */
export async function backfillSearchKeys(payload: Payload): Promise<number> {
  if (payload.db.name === 'sqlite') {
    await backfillSqlite((payload.db as unknown as SQLiteAdapter).drizzle)
    return 0
  }
  if (payload.db.name !== 'mongoose') {
    throw new Error(`backfillSearchKeys: no backfill for the ${payload.db.name} adapter`)
  }
  const db = payload.db as unknown as MongooseAdapter
  let written = 0
  for (const { slug, hasVersions, keys } of keyedCollections(payload)) {
    const models = [{ model: db.collections[slug], prefix: '' }]
    if (hasVersions) {
      models.push({ model: db.versions[slug], prefix: 'version.' })
    }
    for (const { model, prefix } of models) {
      for (const { key, source } of keys) {
        const stale = await model
          .find(
            { [`${prefix}${key}`]: null, [`${prefix}${source}`]: { $type: 'string' } },
            { [`${prefix}${source}`]: 1 },
          )
          .lean()
        for (const row of stale) {
          const text = prefix
            ? (row.version as Record<string, string>)[source]
            : (row as Record<string, string>)[source]
          await model.updateOne({ _id: row._id }, { $set: { [`${prefix}${key}`]: foldForSearch(text) } })
          written += 1
        }
      }
    }
  }
  return written
}

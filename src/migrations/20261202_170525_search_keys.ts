import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

import { foldForSearch } from '../../utilities/searchFold'

/** The search key columns this migration adds, with the column each folds (fields/searchKey.ts). */
const SEARCH_KEYS = [
  { key: 'search_title', source: 'title', table: 'articles' },
  { key: 'version_search_title', source: 'version_title', table: '_articles_v' },
  { key: 'search_name', source: 'name', table: 'authors' },
  { key: 'search_name', source: 'name', table: 'tags' },
] as const

/**
 * Fills the search key columns of the rows saved before they existed (documents and versions alike) with
 * foldForSearch of their source column, so `like` and `contains` find them as they find new ones. Rows whose key is
 * already set are left alone, so running it twice changes nothing.
 *
 * @param db - the migration's drizzle database (the transaction Payload runs the migration in).
 */
export async function backfillSearchKeys(db: MigrateUpArgs['db']): Promise<void> {
  for (const { key, source, table } of SEARCH_KEYS) {
    const rows = await db.all<{ id: number; text: string }>(
      sql`SELECT id, ${sql.identifier(source)} AS text FROM ${sql.identifier(table)} WHERE ${sql.identifier(key)} IS NULL AND ${sql.identifier(source)} IS NOT NULL`,
    )
    for (const { id, text } of rows) {
      await db.run(sql`UPDATE ${sql.identifier(table)} SET ${sql.identifier(key)} = ${foldForSearch(text)} WHERE id = ${id}`)
    }
  }
}

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` ADD \`search_title\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_search_title\` text;`)
  await db.run(sql`ALTER TABLE \`authors\` ADD \`search_name\` text;`)
  await db.run(sql`ALTER TABLE \`tags\` ADD \`search_name\` text;`)
  await backfillSearchKeys(db)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`search_title\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_search_title\`;`)
  await db.run(sql`ALTER TABLE \`authors\` DROP COLUMN \`search_name\`;`)
  await db.run(sql`ALTER TABLE \`tags\` DROP COLUMN \`search_name\`;`)
}

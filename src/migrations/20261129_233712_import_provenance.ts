import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`articles\` ADD \`source_path\` text;`)
  await db.run(sql`ALTER TABLE \`articles\` ADD \`source_content_hash\` text;`)
  await db.run(sql`ALTER TABLE \`articles\` ADD \`source_importer_version\` text;`)
  await db.run(sql`ALTER TABLE \`articles\` ADD \`source_imported_at\` text;`)
  await db.run(sql`ALTER TABLE \`articles\` ADD \`source_has_edits_since_import\` integer DEFAULT false;`)
  await db.run(sql`CREATE INDEX \`articles_source_source_path_idx\` ON \`articles\` (\`source_path\`);`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_source_path\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_source_content_hash\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_source_importer_version\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_source_imported_at\` text;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` ADD \`version_source_has_edits_since_import\` integer DEFAULT false;`)
  await db.run(sql`CREATE INDEX \`_articles_v_version_source_version_source_path_idx\` ON \`_articles_v\` (\`version_source_path\`);`)
  await db.run(sql`ALTER TABLE \`authors\` ADD \`needs_review\` integer DEFAULT false;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`articles_source_source_path_idx\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`source_path\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`source_content_hash\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`source_importer_version\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`source_imported_at\`;`)
  await db.run(sql`ALTER TABLE \`articles\` DROP COLUMN \`source_has_edits_since_import\`;`)
  await db.run(sql`DROP INDEX \`_articles_v_version_source_version_source_path_idx\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_source_path\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_source_content_hash\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_source_importer_version\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_source_imported_at\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v\` DROP COLUMN \`version_source_has_edits_since_import\`;`)
  await db.run(sql`ALTER TABLE \`authors\` DROP COLUMN \`needs_review\`;`)
}

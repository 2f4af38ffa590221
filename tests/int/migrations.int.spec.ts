import { createClient } from '@libsql/client'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { run } from '../helpers/process'
import { projectRoot } from '../helpers/sample'

// Production SQLite applies the committed migrations only: a collection change without its migration would
// deploy a schema the code does not match. Payload's migrate:create --skip-empty writes nothing when the
// committed migrations already describe the config.
it('should have committed migrations that match the collections [sqlite]', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-migrations-'))
  const before = await readdir(path.join(projectRoot, 'src/migrations'))
  const result = await run({
    args: ['run', 'payload', '--', 'migrate:create', 'drift_check', '--skip-empty'],
    command: 'npm',
    env: { DATABASE_URI: `file:${path.join(dir, 'drift.db')}` },
  })
  await rm(dir, { force: true, recursive: true })
  expect(result.code).toBe(0)
  expect(result.output).toContain('Migration DOWN statements generation complete')
  expect(result.output).not.toContain('Migration created')
  expect(await readdir(path.join(projectRoot, 'src/migrations'))).toEqual(before)
})

// Issue 15, item 15: rows saved before the search keys existed must be found by folded searches too. The database is
// migrated up to the migration before `search_keys` (by undoing it), given rows the way that schema stored them, then
// migrated again.
it('should fill the search keys of rows saved before the search_keys migration [sqlite]', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-search-keys-'))
  const file = path.join(dir, 'before.db')
  const migrate = () =>
    run({ args: ['run', 'payload', '--', 'migrate'], command: 'npm', env: { DATABASE_URI: `file:${file}` } })
  const client = createClient({ url: `file:${file}` })
  try {
    expect((await migrate()).code).toBe(0)
    await client.batch([
      'ALTER TABLE `articles` DROP COLUMN `search_title`',
      'ALTER TABLE `_articles_v` DROP COLUMN `version_search_title`',
      'ALTER TABLE `authors` DROP COLUMN `search_name`',
      'ALTER TABLE `tags` DROP COLUMN `search_name`',
      "DELETE FROM `payload_migrations` WHERE `name` = '20261202_170525_search_keys'",
      "INSERT INTO `authors` (`name`, `slug`) VALUES ('Émile Zola', 'emile-zola')",
      "INSERT INTO `tags` (`name`, `slug`) VALUES ('مُحَمَّد', 'mhmd')",
      "INSERT INTO `articles` (`title`, `slug`) VALUES ('L’Œuvre d’Émile', 'loeuvre-demile')",
      "INSERT INTO `_articles_v` (`parent_id`, `version_title`) VALUES (1, 'E\u0301MILE')",
    ])
    expect((await migrate()).code).toBe(0)
    const keys = await client.batch([
      'SELECT `search_name` FROM `authors`',
      'SELECT `search_name` FROM `tags`',
      'SELECT `search_title` FROM `articles`',
      'SELECT `version_search_title` FROM `_articles_v`',
    ])
    expect(keys.map((result) => result.rows.map((row) => row[0]))).toEqual([
      ['emile zola'],
      ['محمد'],
      ['l’œuvre d’emile'],
      ['emile'],
    ])
  } finally {
    client.close()
    await rm(dir, { force: true, recursive: true })
  }
})

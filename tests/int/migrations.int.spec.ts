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

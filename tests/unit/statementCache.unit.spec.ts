import { type Client, createClient } from '@libsql/client'
import Database from 'libsql'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { reusePreparedStatements, STATEMENTS_PER_CONNECTION } from '../../src/statementCache'

let workDir: string
let file: string
let client: Client

beforeAll(async () => {
  reusePreparedStatements()
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-statements-'))
  file = path.join(workDir, 'news.db')
  client = createClient({ url: `file:${file}` })
  await client.execute('CREATE TABLE stories (id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, title TEXT)')
  await client.execute({
    args: ['quay-reopens', 'Quay reopens'],
    sql: 'INSERT INTO stories (slug, title) VALUES (?, ?)',
  })
  await client.execute({
    args: ['fleet-returns', 'Fleet returns'],
    sql: 'INSERT INTO stories (slug, title) VALUES (?, ?)',
  })
})

afterAll(async () => {
  client.close()
  await rm(workDir, { force: true, recursive: true })
})

describe('reusePreparedStatements', () => {
  it('should hand back one statement per SQL text and connection, and a new one on another connection', () => {
    const first = new Database(file)
    const second = new Database(file)
    const sql = 'SELECT title FROM stories WHERE slug = ?'
    expect(first.prepare(sql)).toBe(first.prepare(sql))
    expect(second.prepare(sql)).not.toBe(first.prepare(sql))
    expect(first.prepare('SELECT slug FROM stories')).not.toBe(first.prepare(sql))
    first.close()
    second.close()
  })

  it('should not keep transaction control statements', () => {
    const db = new Database(file)
    expect(db.prepare('BEGIN')).not.toBe(db.prepare('BEGIN'))
    db.close()
  })

  it('should bind each execution’s own arguments to a reused statement', async () => {
    const sql = 'SELECT title FROM stories WHERE slug = ?'
    const titles = []
    for (const slug of ['quay-reopens', 'fleet-returns', 'quay-reopens', 'no-such-story']) {
      const { rows } = await client.execute({ args: [slug], sql })
      titles.push(rows.map((row) => row.title))
    }
    expect(titles).toStrictEqual([['Quay reopens'], ['Fleet returns'], ['Quay reopens'], []])
  })

  it('should run a statement again after its previous run failed', async () => {
    const sql = 'INSERT INTO stories (slug, title) VALUES (?, ?)'
    await expect(client.execute({ args: ['quay-reopens', 'Twice'], sql })).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    })
    const { rowsAffected } = await client.execute({ args: ['harbour-dues', 'Harbour dues'], sql })
    expect(rowsAffected).toBe(1)
    const { rows } = await client.execute('SELECT slug FROM stories ORDER BY id')
    expect(rows.map((row) => row.slug)).toStrictEqual(['quay-reopens', 'fleet-returns', 'harbour-dues'])
  })

  it('should read a table’s new columns after the schema changes', async () => {
    const sql = 'SELECT * FROM stories WHERE slug = ?'
    const before = await client.execute({ args: ['quay-reopens'], sql })
    expect(before.columns).toStrictEqual(['id', 'slug', 'title'])
    await client.execute('ALTER TABLE stories ADD COLUMN dek TEXT')
    await client.execute({
      args: ['The ferry runs again.', 'quay-reopens'],
      sql: 'UPDATE stories SET dek = ? WHERE slug = ?',
    })
    const after = await client.execute({ args: ['quay-reopens'], sql })
    expect(after.columns).toStrictEqual(['id', 'slug', 'title', 'dek'])
    expect(after.rows[0].dek).toBe('The ferry runs again.')
  })

  it('should keep a transaction’s writes and the client’s reads right across connections', async () => {
    const transaction = await client.transaction('write')
    await transaction.execute({
      args: ['night-tide', 'Night tide'],
      sql: 'INSERT INTO stories (slug, title) VALUES (?, ?)',
    })
    await transaction.commit()
    const { rows } = await client.execute({ args: ['night-tide'], sql: 'SELECT title FROM stories WHERE slug = ?' })
    expect(rows.map((row) => row.title)).toStrictEqual(['Night tide'])
  })

  it('should keep at most its bound of statements per connection, dropping the least recently used', () => {
    const db = new Database(file)
    const first = db.prepare('SELECT 0 FROM stories')
    for (let n = 1; n <= STATEMENTS_PER_CONNECTION; n += 1) {
      db.prepare(`SELECT ${n} FROM stories`)
    }
    expect(db.prepare('SELECT 0 FROM stories')).not.toBe(first)
    const recent = db.prepare(`SELECT ${STATEMENTS_PER_CONNECTION} FROM stories`)
    expect(db.prepare(`SELECT ${STATEMENTS_PER_CONNECTION} FROM stories`)).toBe(recent)
    db.close()
  })

  it('should wrap prepare once when installed again', () => {
    const { prepare } = Database.prototype
    reusePreparedStatements()
    expect(Database.prototype.prepare).toBe(prepare)
  })
})

import { createClient } from '@libsql/client'
import Database from 'libsql'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// The SQLite client keeps each connection's prepared statements (patches/@libsql+client+0.14.0.patch): a read
// runs the same SQL with new arguments, and preparing it again cost more than running it.
let folder: string
let client: ReturnType<typeof createClient>
const prepared: string[] = []
const prepare = Database.prototype.prepare

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'newsdesk-prepared-'))
  client = createClient({ url: `file:${path.join(folder, 'statements.db')}` })
  Database.prototype.prepare = function (this: unknown, sql: string) {
    prepared.push(sql)
    return prepare.call(this, sql)
  } as typeof prepare
})

afterAll(() => {
  Database.prototype.prepare = prepare
  client.close()
  rmSync(folder, { force: true, recursive: true })
})

beforeEach(async () => {
  await client.executeMultiple(`
    DROP TABLE IF EXISTS stories;
    CREATE TABLE stories (id INTEGER PRIMARY KEY, slug TEXT NOT NULL);
    INSERT INTO stories (slug) VALUES ('quay-reopens'), ('port-strike'), ('harbour-fire');
  `)
  prepared.length = 0
})

const timesPrepared = (sql: string) => prepared.filter((each) => each === sql).length

describe('prepared statements', () => {
  it('prepares a statement once and runs it again with new arguments', async () => {
    const sql = 'SELECT slug FROM stories WHERE id = ?'
    const slugs: unknown[] = []
    for (const id of [1, 2, 3, 2]) {
      const { rows } = await client.execute({ args: [id], sql })
      slugs.push(rows[0]?.slug)
    }
    expect(slugs).toStrictEqual(['quay-reopens', 'port-strike', 'harbour-fire', 'port-strike'])
    expect(timesPrepared(sql)).toBe(1)
  })

  it('keeps writes exact: changes, row ids and the rows read after them', async () => {
    const insert = 'INSERT INTO stories (slug) VALUES (?)'
    const first = await client.execute({ args: ['budget-vote'], sql: insert })
    const second = await client.execute({ args: ['tide-tables'], sql: insert })
    expect([first.rowsAffected, first.lastInsertRowid, second.lastInsertRowid]).toStrictEqual([1, 4n, 5n])
    const { rows } = await client.execute('SELECT slug FROM stories ORDER BY id')
    expect(rows.map((row) => row.slug)).toStrictEqual([
      'quay-reopens',
      'port-strike',
      'harbour-fire',
      'budget-vote',
      'tide-tables',
    ])
    expect(timesPrepared(insert)).toBe(1)
  })

  it('answers with the columns a changed table has now, not those it had when first prepared', async () => {
    const sql = 'SELECT * FROM stories WHERE id = ?'
    expect((await client.execute({ args: [1], sql })).columns).toStrictEqual(['id', 'slug'])
    await client.execute("ALTER TABLE stories ADD COLUMN kicker TEXT DEFAULT 'Ports'")
    const { columns, rows } = await client.execute({ args: [1], sql })
    expect(columns).toStrictEqual(['id', 'slug', 'kicker'])
    expect({ ...rows[0] }).toStrictEqual({ id: 1, slug: 'quay-reopens', kicker: 'Ports' })
  })

  it('names the problem when a kept statement no longer fits the schema', async () => {
    const sql = 'SELECT slug FROM stories WHERE id = ?'
    await client.execute({ args: [1], sql })
    await client.executeMultiple('DROP TABLE stories; CREATE TABLE stories (id INTEGER PRIMARY KEY, title TEXT);')
    await expect(client.execute({ args: [1], sql })).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringContaining('no such column: slug'),
    })
  })

  it('drops the least recently used statement past its bound of 256, and still answers right', async () => {
    const first = 'SELECT slug FROM stories WHERE id = ? AND 0 = 0'
    await client.execute({ args: [1], sql: first })
    for (let index = 1; index <= 256; index += 1) {
      await client.execute({ args: [1], sql: `SELECT slug FROM stories WHERE id = ? AND ${index} = ${index}` })
    }
    const { rows } = await client.execute({ args: [3], sql: first })
    expect(rows[0]?.slug).toBe('harbour-fire')
    expect(timesPrepared(first)).toBe(2)
  })

  it('reads what a transaction wrote once it has committed', async () => {
    const read = 'SELECT count(*) AS stories FROM stories'
    expect((await client.execute(read)).rows[0]?.stories).toBe(3)
    const transaction = await client.transaction('write')
    await transaction.execute({ args: ['night-ferry'], sql: 'INSERT INTO stories (slug) VALUES (?)' })
    await transaction.commit()
    expect((await client.execute(read)).rows[0]?.stories).toBe(4)
  })
})

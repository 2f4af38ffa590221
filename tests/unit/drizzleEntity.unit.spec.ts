import { Column } from 'drizzle-orm/column'
import { entityKind, is } from 'drizzle-orm/entity'
import { Name, Param, Placeholder, SQL, sql, StringChunk, View } from 'drizzle-orm/sql/sql'
import { integer, SQLiteColumn, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { Table } from 'drizzle-orm/table'

// drizzle's `is` keeps each class's entity kinds (patches/drizzle-orm+0.45.2.patch) instead of walking the class
// chain on every call. Its answers must stay drizzle's rule: an instance of the type, or of any class whose chain
// carries the type's entity kind (so that entities of another copy of drizzle are recognised).
type Kinded = { [entityKind]?: string }

/** drizzle 0.45.2's own rule, walked afresh each time: what the kept kinds must agree with. */
function walked(value: unknown, type: (abstract new (...args: never[]) => unknown) & Kinded): boolean {
  if (!value || typeof value !== 'object') {
    return false
  }
  if (value instanceof type) {
    return true
  }
  for (let cls = Object.getPrototypeOf(value).constructor; cls; cls = Object.getPrototypeOf(cls)) {
    if (entityKind in cls && cls[entityKind] === type[entityKind]) {
      return true
    }
  }
  return false
}

/** A class of "another copy" of drizzle: not drizzle's SQL, but of its kind. */
class ForeignSQL {
  static readonly [entityKind] = 'SQL'
}
class ForeignSQLChild extends ForeignSQL {}
class ForeignTable {
  static readonly [entityKind] = 'Table'
}

const stories = sqliteTable('stories', { id: integer('id').primaryKey(), slug: text('slug') })
const values: Array<[string, unknown]> = [
  ['a string chunk', new StringChunk('select')],
  ['a name', new Name('slug')],
  ['a param', new Param(1)],
  ['a placeholder', sql.placeholder('slug')],
  ['an sql fragment', sql`${stories.slug} = ${'quay'}`],
  ['a text column', stories.slug],
  ['an integer column', stories.id],
  ['a table', stories],
  ['a foreign SQL', new ForeignSQL()],
  ['a foreign SQL subclass', new ForeignSQLChild()],
  ['a foreign table', new ForeignTable()],
  ['a plain object', { queryChunks: [] }],
  ['a string', 'select'],
  ['null', null],
]
const types = { Column, Name, Param, Placeholder, SQL, SQLiteColumn, StringChunk, Table, View }

describe("drizzle's is() with kept entity kinds", () => {
  it.each(values)('answers for %s as drizzle’s chain walk does, for every type, twice over', (_label, value) => {
    const answers = Object.values(types).map((type) => [is(value, type), is(value, type)])
    expect(answers).toStrictEqual(Object.values(types).map((type) => [walked(value, type), walked(value, type)]))
  })

  it('recognises subclasses and entities of another copy, and nothing else', () => {
    expect([is(stories.slug, Column), is(stories.slug, SQLiteColumn), is(stories.slug, SQL)]).toStrictEqual([
      true,
      true,
      false,
    ])
    expect([is(new ForeignSQLChild(), SQL), is(new ForeignTable(), SQL), is(new ForeignTable(), Table)]).toStrictEqual([
      true,
      false,
      true,
    ])
  })

  it('still refuses a type that is not a drizzle entity', () => {
    class NotAnEntity {}
    expect(() => is(new StringChunk('x'), NotAnEntity as never)).toThrow(
      'Class "NotAnEntity" doesn\'t look like a Drizzle entity',
    )
  })
})

import { defaultIdFormat } from '../../utilities/idFormat'

describe('defaultIdFormat', () => {
  it.each([
    [{ name: 'sqlite', defaultIDType: 'number' }, 'number'],
    [{ name: 'mongoose', defaultIDType: 'text' }, 'ObjectID'],
    // SQLite with `idType: 'uuid'`.
    [{ name: 'sqlite', defaultIDType: 'text' }, 'text'],
  ] as const)('should read the ids of %j as %s', (db, expected) => {
    expect(defaultIdFormat(db)).toBe(expected)
  })
})

import { defaultIdFormat } from '../../utilities/idFormat'

describe('defaultIdFormat', () => {
  it.each([
    [{ defaultIDType: 'number', name: 'sqlite' }, 'number'],
    [{ defaultIDType: 'text', name: 'mongoose' }, 'ObjectID'],
    // SQLite with `idType: 'uuid'`.
    [{ defaultIDType: 'text', name: 'sqlite' }, 'text'],
  ] as const)('should read the ids of %j as %s', (db, expected) => {
    expect(defaultIdFormat(db)).toBe(expected)
  })
})

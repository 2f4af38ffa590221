import { relationId } from '../../utilities/relationId'

describe('relationId', () => {
  it.each([
    [7, 7],
    ['6b0c93b4b86b1da37f6913c9', '6b0c93b4b86b1da37f6913c9'],
    [{ id: 3, name: 'Ada' }, 3],
    [null, undefined],
    [undefined, undefined],
  ])('should read %j as %j', (value, expected) => {
    expect(relationId(value)).toBe(expected)
  })
})

import { operationTypeOf } from '../../utilities/graphqlOperation'

// Which operation a GraphQL request runs decides whether it may go over GET and be cached.
describe('operationTypeOf', () => {
  it.each([
    ['{ Articles { totalDocs } }', undefined, 'query'],
    ['mutation { logoutUser }', undefined, 'mutation'],
    ['query A { Articles { totalDocs } } mutation B { logoutUser }', 'B', 'mutation'],
    ['query A { Articles { totalDocs } } mutation B { logoutUser }', 'A', 'query'],
    ['query A { Articles { totalDocs } } mutation B { logoutUser }', undefined, undefined],
    ['query A { Articles { totalDocs } }', 'Other', undefined],
    ['{ Articles(', undefined, undefined],
  ])('should read %s with operationName %s as %s', (query, operationName, expected) => {
    expect(operationTypeOf({ maxTokens: 1000, operationName, query })).toBe(expected)
  })

  it('should count a query over the token limit as unparsable', () => {
    expect(operationTypeOf({ maxTokens: 5, query: '{ Articles { docs { title } } }' })).toBeUndefined()
  })
})

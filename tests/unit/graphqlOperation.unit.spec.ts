import type { Token } from 'graphql'

import { operationTypeOf, PARSED_QUERY_TOKENS, parseQuery } from '../../utilities/graphqlOperation'

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

describe('parseQuery', () => {
  it('should parse a query text once and hand back the same document', () => {
    const query = '{ Articles(limit: 3) { docs { title } } }'
    const document = parseQuery(query, 1000)
    expect(parseQuery(query, 1000)).toBe(document)
    expect(parseQuery(query, 999)).not.toBe(document)
    expect(document.loc?.source.body).toBe(query)
  })

  it('should throw for a syntax error or too many tokens every time, keeping nothing', () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => parseQuery('{ Articles(', 1000)).toThrow('Syntax Error: Expected Name, found <EOF>.')
      // graphql-js 16 words it "more that".
      expect(() => parseQuery('{ Articles { docs { title } } }', 5)).toThrow(/Document contains more tha[nt] 5 tokens/)
    }
  })

  it(`should keep at most ${PARSED_QUERY_TOKENS} tokens of queries, dropping the least recently used`, () => {
    // 100 tokens each (the start and end of the document count too); fewer queries than the cache's count bound,
    // so only the token bound can drop the first.
    const query = (name: string) => `{ ${name}: Articles { ${'totalDocs '.repeat(91)}} }`
    const first = parseQuery(query('first'), 1000)
    let count = 0
    for (let token: null | Token | undefined = first.loc?.startToken; token; token = token.next) {
      count += 1
    }
    expect(count).toBe(100)
    const oldest = parseQuery(query('a0'), 1000)
    for (let n = 1; n < PARSED_QUERY_TOKENS / 100 - 1; n += 1) {
      parseQuery(query(`a${n}`), 1000)
    }
    // Full to the token; `first` used again, then one query more: `a0`, now the least recently used, goes.
    expect(parseQuery(query('first'), 1000)).toBe(first)
    parseQuery(query('one_more'), 1000)
    expect(parseQuery(query('first'), 1000)).toBe(first)
    expect(parseQuery(query('a0'), 1000)).not.toBe(oldest)
  })
})

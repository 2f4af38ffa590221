import { jsonNestingDepth, jsonNestingProblem, MAX_JSON_NESTING } from '../../utilities/jsonNesting'

describe('jsonNestingDepth', () => {
  it.each([
    ['a bare number', '1', 0],
    ['a bare string with brackets', '"[[{{"', 0],
    ['an empty object', '{}', 1],
    ['a list of numbers', '[1, 2, 3]', 1],
    ['an object holding a list', '{"a": [1]}', 2],
    ['siblings of different depths', '[[[1]], [2]]', 3],
    ['brackets inside a string', '{"a": "]]]{{{["}', 1],
    ['an escaped quote before a bracket', '{"a": "\\"[[["}', 1],
    ['an escaped backslash ending a string', '{"a": "\\\\", "b": [[1]]}', 3],
    ['unclosed lists (malformed JSON)', '[[[', 3],
    ['an article body with rich text', '{"content":{"root":{"children":[{"children":[{"text":"x"}]}]}}}', 7],
  ])('should measure %s', (_label, text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth)
  })

  it('should stop one past the limit', () => {
    expect(jsonNestingDepth(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 5)).toBe(6)
  })
})

describe('jsonNestingProblem', () => {
  it('should take JSON nested exactly to the limit', () => {
    expect(jsonNestingProblem(`${'['.repeat(MAX_JSON_NESTING)}${']'.repeat(MAX_JSON_NESTING)}`, 'The body')).toBe(
      undefined,
    )
  })

  it('should name the limit for JSON nested one level deeper', () => {
    const levels = MAX_JSON_NESTING + 1
    expect(jsonNestingProblem(`${'['.repeat(levels)}${']'.repeat(levels)}`, 'The body')).toBe(
      'The body nests objects and lists more than 100 levels deep; JSON sent here may nest at most 100.',
    )
  })
})

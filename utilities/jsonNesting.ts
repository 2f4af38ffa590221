/**
 * The deepest nesting of objects and lists a JSON request body may have. The deepest real write body measured, an
 * article whose rich text holds a quote and a list nested 8 deep, is 23 levels (a plain article is 7 to 9, counted
 * as {@link jsonNestingDepth} counts). A body of 10,000 levels overflowed the stack in Payload and in the guards'
 * own walks over the data (a 500); 4,000 still passed, so 100 leaves room both ways.
 */
export const MAX_JSON_NESTING = 100

const OPEN_OBJECT = 0x7b // {
const OPEN_LIST = 0x5b // [
const CLOSE_OBJECT = 0x7d // }
const CLOSE_LIST = 0x5d // ]
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/**
 * How deep objects and lists nest in a JSON text, found in one pass over its characters without parsing it, so it
 * costs no more than reading the text and never recurses. Brackets inside strings do not count. The text need not
 * be valid JSON: the count is what a parser would reach before finding the mistake, or more.
 *
 * @param text - a JSON text (a request body, a multipart `_payload` field).
 * @param limit - the scan stops as soon as the depth passes this (default {@link MAX_JSON_NESTING}).
 * @returns the deepest level reached, `limit + 1` when it passes `limit`: `0` for a bare value, `1` for `{}` or `[1]`.
 */
export function jsonNestingDepth(text: string, limit = MAX_JSON_NESTING): number {
  let depth = 0
  let deepest = 0
  let isInString = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (isInString) {
      if (code === BACKSLASH) {
        index += 1
      } else if (code === QUOTE) {
        isInString = false
      }
    } else if (code === QUOTE) {
      isInString = true
    } else if (code === OPEN_OBJECT || code === OPEN_LIST) {
      depth += 1
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) {
          return deepest
        }
      }
    } else if (code === CLOSE_OBJECT || code === CLOSE_LIST) {
      depth -= 1
    }
  }
  return deepest
}

/**
 * What is wrong with a JSON text's nesting, if anything.
 *
 * @param text - a JSON text.
 * @param what - what the text is, to open the message ("The request body", "The _payload field").
 * @returns a message naming the limit ({@link MAX_JSON_NESTING}) when the text nests deeper, else undefined.
 */
export function jsonNestingProblem(text: string, what: string): string | undefined {
  if (jsonNestingDepth(text) <= MAX_JSON_NESTING) {
    return undefined
  }
  return `${what} nests objects and lists more than ${MAX_JSON_NESTING} levels deep; JSON sent here may nest at most ${MAX_JSON_NESTING}.`
}

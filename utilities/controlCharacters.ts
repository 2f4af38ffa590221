/**
 * The control characters text may not hold: C0 controls other than tab, line feed, carriage return and form feed,
 * and DEL (Unicode's `Cc` category below U+0080, less the four that lay out text). Shared by the importer, which
 * refuses a file holding one, and the API, which refuses a field holding one.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\v\u000E-\u001F\u007F]/u

/**
 * The first control character in a text (see {@link CONTROL}), if any.
 *
 * @param text - any string.
 * @returns its offset (UTF-16 code units) and its code point written `U+0000`, or undefined when there is none.
 */
export function firstControlCharacter(text: string): { code: string; index: number } | undefined {
  const match = CONTROL.exec(text)
  if (!match) {
    return undefined
  }
  return { code: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index }
}

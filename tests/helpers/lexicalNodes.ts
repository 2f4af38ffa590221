/**
 * Builders of Lexical nodes as the editor saves them, for bodies written by hand in tests.
 */

/**
 * A text node.
 *
 * @param value - the text.
 * @param format - Lexical's format bit field (1 bold, 2 italic, 4 strikethrough, 8 underline …); 0 for plain.
 */
export const text = (value: string, format = 0) => ({
  type: 'text',
  detail: 0,
  format,
  mode: 'normal',
  style: '',
  text: value,
  version: 1,
})

/**
 * An element node (root, paragraph, heading, list, link …) holding `children`.
 *
 * @param extra - the node's own properties (`tag`, `listType`, a link's `fields` …), laid over the defaults.
 */
export const block = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  type,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 1,
  ...extra,
})

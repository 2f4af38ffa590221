import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import { firstControlCharacter } from '../../../utilities/controlCharacters'
import { fieldValues } from './fieldValues'

/** Field types whose values are text a reader or an editor sees. */
const TEXT_TYPES = new Set(['code', 'email', 'richText', 'text', 'textarea'])

/** The first control character in any string inside a value (a text, a list of texts, rich-text JSON). */
function controlCharacterIn(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return firstControlCharacter(value)?.code
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = controlCharacterIn(item)
      if (found) {
        return found
      }
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    return controlCharacterIn(Object.values(value))
  }
  return undefined
}

/**
 * Refuses a write whose text fields (text, textarea, email, code, and every string inside rich text, in groups,
 * arrays and blocks too) hold a control character: C0 controls other than tab, line feed, carriage return and form
 * feed, and DEL, the same rule the importer applies to a file (`utilities/controlCharacters.ts`). Drafts and
 * autosaves included; the stored document and its versions never see one.
 * Workaround: Payload 3.90.1 stores a NUL in a text field as sent, whole in the document row but cut short at the
 * NUL in its version row on SQLite.
 *
 * @throws ValidationError (400) naming each field and the character it holds.
 */
export const refuseControlCharacters: CollectionBeforeValidateHook = ({ collection, data, originalDoc, req }) => {
  const errors = fieldValues({ blocks: req.payload.blocks, data, doc: originalDoc, fields: collection.flattenedFields })
    .filter(({ field }) => TEXT_TYPES.has(field.type))
    .flatMap(({ path, value }) => {
      const code = controlCharacterIn(value)
      return code
        ? [{ message: `holds the control character ${code}, which text may not hold.`, path: path.join('.') }]
        : []
    })
  if (errors.length > 0) {
    throw new ValidationError({ collection: collection.slug, errors, req })
  }
  return data
}

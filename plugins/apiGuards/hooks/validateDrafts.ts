import type { CollectionBeforeValidateHook, Validate } from 'payload'

import { ValidationError } from 'payload'

import { fieldValues } from './fieldValues'

/**
 * Gives a draft save the field checks a published save gets (lengths, URL schemes, relationship and upload ids,
 * dates, rich-text structure, select options, every custom `validate`), with one difference: a draft may leave
 * required fields empty, so the admin's autosave can still create an article before it has a title. Only the
 * fields the write carries are checked, as Payload does for any update. A save that is not a draft is left to
 * Payload, which checks it fully.
 * Workaround: Payload 3.90.1 skips every field validation on a draft save unless `versions.drafts.validate` is on,
 * which would also demand required fields of autosaves (and changes how the admin creates documents).
 *
 * @throws ValidationError (400) naming each field whose value a published save would refuse.
 */
export const validateDrafts: CollectionBeforeValidateHook = async ({
  collection,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (!data || data._status !== 'draft' || (operation !== 'create' && operation !== 'update')) {
    return data
  }
  const errors: Array<{ label?: string; message: string; path: string }> = []
  const document = { ...originalDoc, ...data }
  for (const { blockData, field, path, siblingData, siblingDoc, value } of fieldValues({
    blocks: req.payload.blocks,
    data,
    doc: originalDoc,
    fields: collection.flattenedFields,
  })) {
    if (!('validate' in field) || typeof field.validate !== 'function') {
      continue
    }
    // Field validators each take their own field's options; this passes every field its own.
    const validate = field.validate as Validate
    const result = await validate(value, {
      ...field,
      id: originalDoc?.id,
      // Payload hands validators the nearest block row, and nothing outside blocks.
      blockData: blockData as Record<string, unknown>,
      collectionSlug: collection.slug,
      data: document,
      event: 'submit',
      operation,
      path,
      preferences: { fields: {} },
      previousValue: siblingDoc?.[field.name],
      req,
      required: false,
      siblingData: { ...siblingDoc, ...siblingData },
    })
    if (typeof result === 'string') {
      errors.push({ message: result, path: path.join('.') })
    }
  }
  if (errors.length > 0) {
    throw new ValidationError({ collection: collection.slug, errors, req })
  }
  return data
}

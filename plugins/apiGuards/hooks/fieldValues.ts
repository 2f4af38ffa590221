import type { FlattenedBlock, FlattenedField } from 'payload'

/** One field's value in a write, with where it sits. */
export type FieldValue = {
  /** The block row the value sits in (the nearest), as Payload hands it to validators. */
  blockData: Record<string, unknown> | undefined
  field: FlattenedField
  /** The path of the value in the document: `['meta', 'title']`, `['rows', '0', 'text']`. */
  path: string[]
  /** The written object the value sits in (the write's data at the top). */
  siblingData: Record<string, unknown>
  /** The stored object the value sits in (the stored document at the top), when there is one. */
  siblingDoc: Record<string, unknown> | undefined
  value: unknown
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Every field value a write carries, depth first: the fields present in `data` (a partial update names only the
 * fields it changes), then, inside named groups and tabs, array rows and block rows, the fields within. Fields
 * the write leaves out are not visited.
 *
 * @param args.blockData - the block row `data` sits in, if any.
 * @param args.blocks - the config's block definitions by slug, for blocks fields that reference them by slug.
 * @param args.data - the write's data (an object of fields; anything else has no values).
 * @param args.doc - the stored document, or undefined on create.
 * @param args.fields - the collection's `flattenedFields`.
 * @returns the values in document order.
 */
export function fieldValues({
  blockData,
  blocks = {},
  data,
  doc,
  fields,
  path = [],
}: {
  blockData?: Record<string, unknown>
  blocks?: Record<string, FlattenedBlock>
  data: unknown
  doc: unknown
  fields: FlattenedField[]
  path?: string[]
}): FieldValue[] {
  if (!isRecord(data)) {
    return []
  }
  const siblingDoc = isRecord(doc) ? doc : undefined
  const found: FieldValue[] = []
  for (const field of fields) {
    if (!Object.hasOwn(data, field.name)) {
      continue
    }
    const value = data[field.name]
    const here = [...path, field.name]
    found.push({ blockData, field, path: here, siblingData: data, siblingDoc, value })
    if (field.type === 'group' || field.type === 'tab') {
      found.push(
        ...fieldValues({
          blockData,
          blocks,
          data: value,
          doc: siblingDoc?.[field.name],
          fields: field.flattenedFields,
          path: here,
        }),
      )
    } else if ((field.type === 'array' || field.type === 'blocks') && Array.isArray(value)) {
      value.forEach((row: unknown, index) => {
        const isBlock = field.type === 'blocks'
        const rowFields = isBlock ? blockFields({ blocks, field, row }) : field.flattenedFields
        if (rowFields && isRecord(row)) {
          found.push(
            ...fieldValues({
              blockData: isBlock ? row : blockData,
              blocks,
              data: row,
              doc: undefined,
              fields: rowFields,
              path: [...here, String(index)],
            }),
          )
        }
      })
    }
  }
  return found
}

/** The fields of a block row, from the block its `blockType` names (inline or referenced by slug). */
function blockFields({
  blocks,
  field,
  row,
}: {
  blocks: Record<string, FlattenedBlock>
  field: Extract<FlattenedField, { type: 'blocks' }>
  row: unknown
}): FlattenedField[] | undefined {
  const blockType = isRecord(row) ? row.blockType : undefined
  for (const block of field.blockReferences ?? field.blocks) {
    const definition = typeof block === 'string' ? blocks[block] : block
    if (definition?.slug === blockType) {
      return definition.flattenedFields
    }
  }
  return undefined
}

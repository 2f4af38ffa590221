import type { FieldHook, TextField } from 'payload'

import { foldForSearch } from '../utilities/searchFold'

/** What a search key field carries in `custom`: the name of the sibling field it folds. */
export type SearchKeyCustom = { searchKeyOf: string }

/** What a field whose stored values are already folded (slugs) carries in `custom`. */
export const STORES_FOLDED_TEXT = { storesFoldedText: true } as const

/**
 * The name of the search key field of `from`: `title` → `searchTitle`.
 *
 * @param from - a text field's name.
 */
export function searchKeyName(from: string): string {
  return `search${from.charAt(0).toUpperCase()}${from.slice(1)}`
}

/**
 * A hidden text field holding {@link foldForSearch} of a sibling text field (`searchTitle` next to `title`), kept
 * for `like`, `contains` and `not_like` queries on that field, which the guards plugin rewrites to it
 * (plugins/apiGuards/hooks/foldSearchPatterns.ts) so both databases fold case and accents alike.
 *
 * The value is recomputed on every save, drafts and autosaves included (versions store it too), from the sibling's
 * new value or, when the write leaves the sibling out, its stored one: whatever a client sends for it is
 * overwritten. `hidden` keeps it out of REST and GraphQL answers (`select` included), out of the GraphQL schema,
 * and out of the admin panel.
 *
 * @param args.from - the sibling text field to fold (e.g. `title`, `name`).
 * @returns the field config, named by {@link searchKeyName}.
 */
export function searchKeyField({ from }: { from: string }): TextField {
  const fold: FieldHook = ({ previousSiblingDoc, siblingData }) => {
    const source: unknown = from in siblingData ? siblingData[from] : previousSiblingDoc?.[from]
    return typeof source === 'string' ? foldForSearch(source) : null
  }
  const custom: SearchKeyCustom = { searchKeyOf: from }
  return {
    name: searchKeyName(from),
    type: 'text',
    custom,
    hidden: true,
    hooks: { beforeChange: [fold] },
    // Computed, never typed: no length or character rule of its own (the source field has them).
    validate: () => true,
  }
}

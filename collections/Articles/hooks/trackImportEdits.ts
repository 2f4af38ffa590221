import type { CollectionBeforeChangeHook } from 'payload'

import type { Article } from '../../../src/payload-types'

/** Set on `req.context` by the importer for its own writes; nothing else may set or change `source`. */
export const IMPORT_CONTEXT_KEY = 'isNewsdeskImport'

/**
 * Keeps import provenance honest. Only the importer (a request whose context carries
 * {@link IMPORT_CONTEXT_KEY}) writes `source`. Any other save of an imported article keeps the stored
 * provenance and marks `hasEditsSinceImport`, drafts and autosaves included, which is what lets a re-import
 * tell "changed source, untouched article" (update) from "changed source and edited in the CMS" (conflict).
 * A document created outside the importer gets no provenance, whatever the request sends.
 */
export const trackImportEdits: CollectionBeforeChangeHook<Article> = ({ data, operation, originalDoc, req }) => {
  if (req.context[IMPORT_CONTEXT_KEY] === true) {
    return data
  }
  const stored = operation === 'update' ? originalDoc?.source : undefined
  data.source = stored?.contentHash ? { ...stored, hasEditsSinceImport: true } : {}
  return data
}

import type { GroupField } from 'payload'

import { isStaffField } from '../access/roles'

/**
 * The `source` group: the provenance of an imported article. Staff-only (a source path describes the
 * newsroom's archive, not the story) and read-only in the admin panel; the `trackImportEdits` hook keeps
 * API writes from changing it and records that an article was edited after its import.
 *
 * @returns a group field named `source`.
 */
export function importSourceField(): GroupField {
  return {
    name: 'source',
    type: 'group',
    access: { read: isStaffField },
    admin: {
      description: 'Set by the importer. Empty for articles written in the CMS.',
      position: 'sidebar',
      readOnly: true,
    },
    fields: [
      {
        name: 'path',
        type: 'text',
        admin: { description: 'The source file, relative to the folder the import ran in.' },
        index: true,
      },
      {
        name: 'contentHash',
        type: 'text',
        admin: { description: 'SHA-256 of the source file as imported; an unchanged file is not written again.' },
      },
      {
        name: 'importerVersion',
        type: 'text',
      },
      {
        name: 'importedAt',
        type: 'date',
        admin: { date: { pickerAppearance: 'dayAndTime' } },
      },
      {
        name: 'hasEditsSinceImport',
        type: 'checkbox',
        admin: { description: 'Saved in the CMS since the last import: a changed source is then a conflict.' },
        defaultValue: false,
      },
    ],
    label: 'Import source',
  }
}

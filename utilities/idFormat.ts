/**
 * The form of a default (non-custom) document id in the running database, for checking ids that arrive from
 * outside before they are queried. Payload reports `number` for SQLite and `text` for MongoDB, but MongoDB's ids
 * are ObjectIds: its adapter drops a lone `where[id][equals]` it cannot cast and fails (a 500) on a list of them.
 * Workaround: Payload 3.90.1's MongoDB adapter reports `defaultIDType: 'text'` for its ObjectId ids.
 *
 * @param db - the running adapter (`payload.db`): its `name` and the `defaultIDType` Payload reports.
 * @returns the id type to give Payload's `isValidID`: `number`, `ObjectID` or `text`.
 */
export function defaultIdFormat(db: {
  defaultIDType: 'number' | 'text'
  name: string
}): 'number' | 'ObjectID' | 'text' {
  return db.name === 'mongoose' ? 'ObjectID' : db.defaultIDType
}

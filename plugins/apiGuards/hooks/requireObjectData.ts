import type { CollectionBeforeOperationHook } from 'payload'

import { APIError } from 'payload'

/**
 * Refuses a REST or GraphQL create or update whose data is not an object of fields: a body of `null` or `123`,
 * or a body Payload did not read at all (sent as `text/plain`), failed in Payload or in a hook with a 500. A
 * multipart upload with a file and no fields passes.
 * Workaround: Payload 3.90.1 answers 500 (in Payload or a collection hook) for a create or update whose body is
 * `null`, a number, a list or text/plain.
 *
 * @throws APIError 400 saying what the body must be.
 */
export const requireObjectData: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if ((operation !== 'create' && operation !== 'update') || req.payloadAPI === 'local') {
    return args
  }
  const { data } = args as { data?: unknown }
  // An upload may carry only its file (replacing the file of an image): no fields, no data.
  if (data === undefined && req.file) {
    return args
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new APIError(
      'The request body must be a JSON object of fields, sent as application/json (or as multipart with _payload).',
      400,
      {},
      true,
    )
  }
  return args
}

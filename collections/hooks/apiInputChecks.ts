import type { CollectionBeforeOperationHook, CollectionSlug } from 'payload'

import { rejectImpossibleIds } from './rejectImpossibleIds'
import { requireObjectData } from './requireObjectData'
import { validateListQuery } from './validateListQuery'

/**
 * The input checks every collection runs before an operation, in this order: list queries
 * ({@link validateListQuery}), ids ({@link rejectImpossibleIds}), write bodies ({@link requireObjectData}).
 *
 * @returns the hooks, typed for the collection they are added to; spread them first in `beforeOperation`.
 */
export function apiInputChecks<TSlug extends CollectionSlug>(): CollectionBeforeOperationHook<TSlug>[] {
  return [validateListQuery<TSlug>(), rejectImpossibleIds<TSlug>(), requireObjectData<TSlug>()]
}

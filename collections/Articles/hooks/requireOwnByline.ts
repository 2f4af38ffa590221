import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'

import type { Article } from '../../../src/payload-types'

import { isEditorial } from '../../../access/roles'
import { relationId } from '../../../utilities/relationId'

/**
 * A writer's article credits their own author profile (`users.author`): a create (a duplicate included) whose
 * `authors`, once the `defaultByline` hook has filled an empty list, leave it out, and an update that takes it out, are
 * refused. Writers may edit only the articles that credit them, so such an article would be one they could not
 * touch again. Co-authors are welcome, in any order. Editors, admins and requests without a user (the importer)
 * credit whom they like.
 *
 * @throws ValidationError (400) on `authors`.
 */
export const requireOwnByline: CollectionBeforeChangeHook<Article> = ({ collection, data, operation, req }) => {
  const { user } = req
  if (!user || isEditorial(user) || (operation === 'update' && data.authors === undefined)) {
    return data
  }
  const own = relationId((user as { author?: unknown }).author)
  // Payload checks the field's shape only after collection hooks: `authors` may be anything here.
  const authors: unknown[] = Array.isArray(data.authors) ? data.authors : [data.authors]
  const credited = authors.map((author) => String(relationId(author)))
  if (own === undefined || !credited.includes(String(own))) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ message: "A writer's article must credit their own author profile.", path: 'authors' }],
      req,
    })
  }
  return data
}

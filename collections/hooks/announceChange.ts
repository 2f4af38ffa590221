import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest, Where } from 'payload'

import type { ContentAction, DocumentRef, PublicCollection } from '../../src/contentEvents'

import { announceChange } from '../../src/contentEvents'

/** A public document as the hooks see it: its id and, where the collection has one, its slug. */
type Announced = { id: number | string; slug?: null | string }

/**
 * The documents of `collection` that match `where`, as references with their slugs. Articles count only when
 * readers can see them (published, not in the trash): the others have no public view to renew.
 *
 * @param args.req - the request making the change, so the query runs in its transaction.
 */
export async function referencesTo({
  collection,
  req,
  where,
}: {
  collection: PublicCollection
  req: PayloadRequest
  where: Where
}): Promise<DocumentRef[]> {
  const visible: Where = collection === 'articles' ? { and: [where, { _status: { equals: 'published' } }] } : where
  const { docs } = await req.payload.find({
    collection,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: collection === 'media' ? {} : { slug: true },
    // A stable order, so that events read the same on every run and database.
    sort: 'id',
    where: visible,
  })
  return docs.map((doc) => toRef(collection, doc as Announced))
}

/** A reference to a document, with its slug when it has one. */
export function toRef(collection: PublicCollection, doc: Announced): DocumentRef {
  return typeof doc.slug === 'string' ? { id: doc.id, slug: doc.slug, collection } : { id: doc.id, collection }
}

/**
 * The content-event hooks of a collection without drafts (authors, tags, media): every create, update and delete
 * is public and announced, with the documents whose public view shows this one.
 *
 * @param args.collection - the collection's slug.
 * @param args.affects - the documents that show `doc` (e.g. an author's published articles).
 * @returns `afterChange` and `afterDelete` hooks to add to the collection.
 */
export function announcePublicChanges<TDoc extends Announced>({
  affects,
  collection,
}: {
  affects: (args: { doc: TDoc; req: PayloadRequest }) => Promise<DocumentRef[]>
  collection: PublicCollection
}): { afterChange: CollectionAfterChangeHook<TDoc>; afterDelete: CollectionAfterDeleteHook<TDoc> } {
  const announceOne = async ({ action, doc, req }: { action: ContentAction; doc: TDoc; req: PayloadRequest }) => {
    await announceChange({
      change: { ...toRef(collection, doc), action, affects: await affects({ doc, req }) },
      context: req.context,
      payload: req.payload,
      req,
    })
  }
  return {
    afterChange: async ({ doc, operation, req }) => {
      await announceOne({ action: operation, doc, req })
      return doc
    },
    afterDelete: async ({ doc, req }) => {
      await announceOne({ action: 'delete', doc, req })
      return doc
    },
  }
}

import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import type { ContentAction, DocumentRef } from '../../../src/contentEvents'
import type { Article } from '../../../src/payload-types'

import { announceChange } from '../../../src/contentEvents'
import { relationId } from '../../../utilities/relationId'
import { referencesTo, toRef } from '../../hooks/announceChange'

type Status = 'draft' | 'published' | null

/** Readers see an article when it is published and not in the trash. */
const isVisible = (doc: Pick<Article, '_status' | 'deletedAt'>): boolean =>
  doc._status === 'published' && !doc.deletedAt

/**
 * What happened to an article as readers see it, from its state before and after; undefined when readers saw it
 * neither before nor after (a draft's saves).
 */
export function articleAction({
  after,
  before,
}: {
  after: Pick<Article, '_status' | 'deletedAt'> | undefined
  before: Pick<Article, '_status' | 'deletedAt'> | undefined
}): ContentAction | undefined {
  const was = before !== undefined && isVisible(before)
  const is = after !== undefined && isVisible(after)
  if (!was && !is) {
    return undefined
  }
  if (before === undefined) {
    return 'create'
  }
  if (after === undefined) {
    return 'delete'
  }
  if (!before.deletedAt && after.deletedAt) {
    return 'trash'
  }
  if (before.deletedAt && !after.deletedAt) {
    return 'restore'
  }
  return was && is ? 'update' : is ? 'publish' : 'unpublish'
}

/**
 * The article's state as readers now see it, or undefined when a save left it as it was. A draft saved over a
 * published article comes to this hook as the draft, but Payload wrote it to the versions only: the article
 * readers see is still the published one, which one read tells (an unpublish, which also arrives as a draft, did
 * change it).
 */
async function publicState({
  doc,
  previousDoc,
  req,
}: {
  doc: Article
  previousDoc: Article
  req: PayloadRequest
}): Promise<Pick<Article, '_status' | 'deletedAt'> | undefined> {
  if (!(doc._status === 'draft' && previousDoc._status === 'published')) {
    return doc
  }
  const stored = await req.payload.findByID({
    id: doc.id,
    collection: 'articles',
    depth: 0,
    disableErrors: true,
    overrideAccess: true,
    req,
    select: { _status: true, deletedAt: true },
    trash: true,
  })
  return stored?._status === 'published' ? undefined : doc
}

/** The authors and tags an article credits, before and after the change: their pages list it. */
async function creditedIn({
  docs,
  req,
}: {
  docs: Array<Article | undefined>
  req: PayloadRequest
}): Promise<DocumentRef[]> {
  const ids = (field: 'authors' | 'tags') => [
    ...new Set(docs.flatMap((doc) => (doc?.[field] ?? []).map(relationId).filter((id) => id !== undefined))),
  ]
  const authors = ids('authors')
  const tags = ids('tags')
  return [
    ...(authors.length ? await referencesTo({ collection: 'authors', req, where: { id: { in: authors } } }) : []),
    ...(tags.length ? await referencesTo({ collection: 'tags', req, where: { id: { in: tags } } }) : []),
  ]
}

async function announceArticle({
  after,
  before,
  doc,
  req,
}: {
  after: Pick<Article, '_status' | 'deletedAt'> | undefined
  before: Article | undefined
  doc: Article
  req: PayloadRequest
}): Promise<void> {
  const action = articleAction({ after, before })
  if (!action) {
    return
  }
  const status = (state: Pick<Article, '_status'> | undefined): Status => state?._status ?? null
  await announceChange({
    change: {
      ...toRef('articles', doc),
      action,
      affects: await creditedIn({ docs: [before, doc], req }),
      previousStatus: status(before),
      status: status(after),
    },
    context: req.context,
    payload: req.payload,
    req,
  })
}

/** Announces an article's create, publish, update, unpublish, trash and restore, when readers can tell. */
export const announceArticleChange: CollectionAfterChangeHook<Article> = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  const before = operation === 'create' ? undefined : previousDoc
  const after = before ? await publicState({ doc, previousDoc: before, req }) : doc
  if (after) {
    await announceArticle({ after, before, doc, req })
  }
  return doc
}

/** Announces that a published article was deleted for good. */
export const announceArticleDelete: CollectionAfterDeleteHook<Article> = async ({ doc, req }) => {
  await announceArticle({ after: undefined, before: doc, doc, req })
  return doc
}

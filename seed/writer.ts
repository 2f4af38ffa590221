import type { Payload, PayloadRequest } from 'payload'

import { isDeepStrictEqual } from 'node:util'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import type { Article } from '../src/payload-types'
import type { ParsedDocument } from './parse'

import { relationId } from '../utilities/relationId'
import { toSlug } from '../utilities/slugify'
import { paragraphsToLexical } from './lexical'

/** What an import did to one document; `conflict` means it wrote nothing to spare an editor's pending draft. */
export type ImportAction = 'conflict' | 'created' | 'unchanged' | 'updated'

export type WriteResult = {
  action: ImportAction
  id: number | string
  slug: string
}

/**
 * Writes one parsed document: its authors (matched by slug, created when missing), then the article
 * (matched by the slug of its headline), published, in ONE transaction, so a failure leaves nothing behind.
 *
 * Overwrite policy: the source owns the fields it carries (`title`, `authors`, `content`) and the article
 * is published; when those already equal the source and it is published, nothing is written at all, so a
 * re-run creates no version and bumps no `updatedAt`. Fields the source does not carry (`slug`, `excerpt`,
 * `publishedAt`) are the newsroom's and are never overwritten. An author found by slug keeps its name, so a
 * name corrected in the CMS stays corrected. When the source changed but an editor has an unpublished draft
 * newer than the published article, nothing is written and the action is `conflict`: publishing the source
 * would bury that draft under a new version, and publishing the draft is the editor's call.
 *
 * @param args.payload - an initialised Payload instance.
 * @param args.document - the output of `parseDocument`.
 * @returns the action taken and the article's id and slug.
 * @throws whatever Payload throws (validation, database); the transaction is rolled back first.
 */
export async function writeDocument({
  document,
  payload,
}: {
  document: ParsedDocument
  payload: Payload
}): Promise<WriteResult> {
  const req = await createLocalReq({}, payload)
  const ownsTransaction = await initTransaction(req)
  try {
    const result = await upsertArticle({ document, req })
    if (ownsTransaction) {
      await commitTransaction(req)
    }
    return result
  } catch (error) {
    if (ownsTransaction) {
      await killTransaction(req)
    }
    throw error
  }
}

async function upsertAuthor({ name, req }: { name: string; req: PayloadRequest }) {
  const slug = toSlug(name, 'author')
  const { docs } = await req.payload.find({
    collection: 'authors',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    where: { slug: { equals: slug } },
  })
  if (docs[0]) {
    return { created: false, id: docs[0].id }
  }
  const author = await req.payload.create({
    collection: 'authors',
    data: { name, slug },
    depth: 0,
    overrideAccess: true,
    req,
  })
  return { created: true, id: author.id }
}

async function upsertArticle({
  document,
  req,
}: {
  document: ParsedDocument
  req: PayloadRequest
}): Promise<WriteResult> {
  const authors = []
  for (const name of document.authors) {
    authors.push(await upsertAuthor({ name, req }))
  }
  const authorIds = authors.map((author) => author.id)
  const data = {
    _status: 'published' as const,
    authors: authorIds,
    content: paragraphsToLexical(document.paragraphs),
    title: document.title,
  }

  const slug = toSlug(document.title, 'article')
  const { docs } = await req.payload.find({
    collection: 'articles',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    where: { slug: { equals: slug } },
  })
  const existing = docs[0]
  if (!existing) {
    const created = await req.payload.create({
      collection: 'articles',
      data: { ...data, slug },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { action: 'created', id: created.id, slug: created.slug ?? slug }
  }

  const isUnchanged =
    existing._status === 'published' &&
    existing.title === data.title &&
    isDeepStrictEqual(idsOf(existing.authors), authorIds) &&
    isDeepStrictEqual(existing.content, data.content) &&
    !authors.some((author) => author.created)
  if (isUnchanged) {
    return { action: 'unchanged', id: existing.id, slug }
  }
  if (await hasPendingDraft({ id: existing.id, req })) {
    return { action: 'conflict', id: existing.id, slug }
  }
  await req.payload.update({
    collection: 'articles',
    data,
    depth: 0,
    id: existing.id,
    overrideAccess: true,
    req,
  })
  return { action: 'updated', id: existing.id, slug }
}

/** Whether the newest version of an article is a draft, i.e. saved after (or instead of) its last publish. */
async function hasPendingDraft({ id, req }: { id: number | string; req: PayloadRequest }): Promise<boolean> {
  const { docs } = await req.payload.findVersions({
    collection: 'articles',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
    sort: '-updatedAt',
    where: { parent: { equals: id } },
  })
  return docs[0]?.version._status === 'draft'
}

/** The ids of a hasMany relationship, in order, populated or not. */
function idsOf(authors: Article['authors']): Array<number | string | undefined> {
  return (authors ?? []).map(relationId)
}

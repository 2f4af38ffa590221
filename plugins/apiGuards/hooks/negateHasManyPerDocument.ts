import type {
  CollectionBeforeOperationHook,
  CollectionSlug,
  FlattenedField,
  Payload,
  PayloadRequest,
  Where,
} from 'payload'

import { documentFieldPath, listMembers } from './whereConditions'
import { pathFields } from './whereProblems'

/** The operations (as hooks see them: version reads are `read`) that take a `where`. */
const QUERYING = new Set(['count', 'countVersions', 'delete', 'read', 'update'])
/** The negations whose meaning the databases disagreed on for fields that hold several ids. */
const NEGATIONS = new Set(['not_equals', 'not_in'])

/** What a query needs to find the documents that a negation excludes. */
type Context = {
  args: { draft?: boolean }
  collection: { flattenedFields: FlattenedField[]; slug: CollectionSlug; versions?: unknown }
  req: PayloadRequest
}

/**
 * The relationship or upload field of the document's own (at the top or in groups) that holds several ids, named
 * by `path` or by its `id` (`authors.id`); undefined for any other path.
 */
function hasManyRelation(payload: Payload, fields: FlattenedField[], path: string): string | undefined {
  const relationPath = path.endsWith('.id') ? path.slice(0, -'.id'.length) : path
  const resolved = pathFields(payload, fields, relationPath)
  const field = resolved.at(-1)
  const isWhole = resolved.length === relationPath.split('.').length
  const isHasMany =
    (field?.type === 'relationship' || field?.type === 'upload') && 'hasMany' in field && field.hasMany === true
  // Through groups, not through other relationships (whose own rows the adapters compare differently again).
  const isOwnField = resolved.slice(0, -1).every((step) => step.type === 'group' || step.type === 'tab')
  return isWhole && isHasMany && isOwnField ? relationPath : undefined
}

/** The ids a negation names, or undefined when it names none or asks about emptiness (`null`). */
function negatedIds(operator: string, operand: unknown): undefined | unknown[] {
  const ids = operator === 'not_equals' ? [operand] : listMembers(operand)
  const isAboutEmptiness = !ids || ids.length === 0 || ids.some((id) => id === null || id === 'null')
  return isAboutEmptiness ? undefined : ids
}

/**
 * The ids of the documents (or versions) that the negated condition would exclude: those whose field holds any of
 * `ids`, read from the database directly (no access rules or hooks: the list only narrows the reader's own,
 * access-checked query), from the latest drafts when the query reads drafts, trashed documents included.
 */
async function idsHolding(
  { args, collection, req }: Context,
  { field, ids, isVersionPath }: { field: string; ids: unknown[]; isVersionPath: boolean },
): Promise<Array<number | string>> {
  const { db } = req.payload
  const common = { collection: collection.slug, limit: 0, pagination: false, req } as const
  const isDraftRead = !isVersionPath && args.draft === true && Boolean(collection.versions)
  if (isVersionPath || isDraftRead) {
    const where = { [`version.${field}`]: { in: ids } }
    const found = isVersionPath
      ? await db.findVersions({ ...common, select: { id: true }, where })
      : await db.queryDrafts({ ...common, select: { parent: true }, where })
    return found.docs.map((doc) => doc.id)
  }
  const found = await db.find({ ...common, select: { id: true }, where: { [field]: { in: ids } } })
  return found.docs.map((doc) => doc.id)
}

/**
 * A `where` with each negation on a has-many relationship replaced by its per-document meaning, descending into
 * `and` / `or`.
 */
async function rewrite(where: Where, context: Context): Promise<Where> {
  const kept: Where = {}
  const added: Where[] = []
  for (const [key, value] of Object.entries(where)) {
    if ((key.toLowerCase() === 'and' || key.toLowerCase() === 'or') && Array.isArray(value)) {
      kept[key] = await Promise.all(value.map((clause: Where) => rewrite(clause, context)))
      continue
    }
    const { isVersionPath, path } = documentFieldPath(key, context.collection.flattenedFields)
    const field = hasManyRelation(context.req.payload, context.collection.flattenedFields, path)
    if (!field || typeof value !== 'object' || value === null) {
      kept[key] = value
      continue
    }
    const others: Record<string, unknown> = {}
    for (const [operator, operand] of Object.entries(value)) {
      const ids = NEGATIONS.has(operator) ? negatedIds(operator, operand) : undefined
      if (!ids) {
        others[operator] = operand
        continue
      }
      const excluded = await idsHolding(context, { field, ids, isVersionPath })
      added.push(excluded.length > 0 ? { id: { not_in: excluded } } : { id: { exists: true } })
    }
    if (Object.keys(others).length > 0) {
      kept[key] = others as Where[string]
    }
  }
  return added.length === 0 ? kept : { and: [kept, ...added] }
}

/** Whether a `where` holds a negation this hook rewrites, anywhere in its `and` / `or`. */
function hasNegation(where: unknown, context: Context): boolean {
  if (typeof where !== 'object' || where === null) {
    return false
  }
  return Object.entries(where).some(([key, value]) => {
    if ((key.toLowerCase() === 'and' || key.toLowerCase() === 'or') && Array.isArray(value)) {
      return value.some((clause) => hasNegation(clause, context))
    }
    const { path } = documentFieldPath(key, context.collection.flattenedFields)
    return (
      typeof value === 'object' &&
      value !== null &&
      hasManyRelation(context.req.payload, context.collection.flattenedFields, path) !== undefined &&
      Object.entries(value).some(
        ([operator, operand]) => NEGATIONS.has(operator) && negatedIds(operator, operand) !== undefined,
      )
    )
  })
}

/**
 * Gives `not_equals` and `not_in` on a relationship that holds several ids (an article's `authors`, `tags`) one
 * meaning on both databases: the document holds none of the ids ("not credited to that author"). MongoDB read it
 * so; on SQLite, which compares one related row at a time, `authors not_equals 2` kept an article by [2, 3, 4]
 * (its rows 3 and 4 are not 2). Each such condition becomes `id not_in` the documents that hold one of the ids,
 * found first with the same draft setting (or, in a version history, the versions). Every API, Local API
 * included. Emptiness (`not_equals=null`) keeps its meaning.
 * Workaround: Payload 3.90.1's SQLite adapter matches a negation on a has-many relationship per related row.
 *
 * @returns the arguments with the rewritten `where`, or unchanged when it has no such negation.
 */
export const negateHasManyPerDocument: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const { where } = args as { draft?: boolean; where?: unknown }
  const context: Context = { args: args as Context['args'], collection, req }
  if (!QUERYING.has(operation) || !hasNegation(where, context)) {
    return args
  }
  return { ...args, where: await rewrite(where as Where, context) }
}

import type {
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  CollectionBeforeValidateHook,
  Config,
  Endpoint,
  Plugin,
  SanitizedConfig,
} from 'payload'

import { canRunJobs } from './access/canRunJobs'
import { restrictDocumentLocks } from './access/documentLocks'
import { noEmailVerification, noRestApi, noVersionHistory } from './endpoints/notFound'
import { keepWritersFromJobs } from './hooks/keepWritersFromJobs'
import { negateHasManyPerDocument } from './hooks/negateHasManyPerDocument'
import { refuseBadPreviewTokens } from './hooks/refuseBadPreviewTokens'
import { refuseControlCharacters } from './hooks/refuseControlCharacters'
import { rejectImpossibleIds } from './hooks/rejectImpossibleIds'
import { rejectMissingReferences } from './hooks/rejectMissingReferences'
import { requireObjectData } from './hooks/requireObjectData'
import { validateDrafts } from './hooks/validateDrafts'
import { validateListQuery } from './hooks/validateListQuery'

/**
 * The input checks every collection runs first in `beforeOperation`, in this order: a preview token that does not
 * verify ({@link refuseBadPreviewTokens}: a 401 before any 400), list queries ({@link validateListQuery}), ids
 * ({@link rejectImpossibleIds}), negations on has-many relationships, given one meaning on both databases
 * ({@link negateHasManyPerDocument}), write bodies ({@link requireObjectData}).
 * The same functions in every collection, so a test can tell them apart from a collection's own hooks.
 */
export const INPUT_CHECKS: readonly CollectionBeforeOperationHook[] = [
  refuseBadPreviewTokens,
  validateListQuery,
  rejectImpossibleIds,
  negateHasManyPerDocument,
  requireObjectData,
]

/** The slug of the collection Payload keeps queued jobs in. */
const JOBS_SLUG = 'payload-jobs'

/** What decides a collection's guards, in the shape of both a collection's config and its sanitised config. */
type Guardable = {
  auth?: unknown
  endpoints?: false | Omit<Endpoint, 'root'>[]
  hooks?: {
    beforeChange?: CollectionBeforeChangeHook[]
    beforeOperation?: CollectionBeforeOperationHook[]
    beforeValidate?: CollectionBeforeValidateHook[]
  }
  versions?: unknown
}

/** Whether a collection keeps drafts (`versions.drafts` set), in a config sanitised or not. */
const hasDrafts = (collection: Guardable): boolean =>
  typeof collection.versions === 'object' &&
  collection.versions !== null &&
  Boolean((collection.versions as { drafts?: unknown }).drafts)

/**
 * The checks a collection runs first in `beforeValidate`, before the collection's own hooks:
 * {@link refuseControlCharacters}, then {@link validateDrafts} when it keeps drafts.
 */
function withValueChecksFirst(collection: Guardable): CollectionBeforeValidateHook[] {
  const checks = hasDrafts(collection) ? [refuseControlCharacters, validateDrafts] : [refuseControlCharacters]
  const hooks = (collection.hooks?.beforeValidate ?? []).filter(
    (hook) => hook !== refuseControlCharacters && hook !== validateDrafts,
  )
  return [...checks, ...hooks]
}

/**
 * Whether a collection runs {@link INPUT_CHECKS} before any other `beforeOperation` hook.
 *
 * @param collection - a collection config, sanitised or not.
 */
export function hasInputChecks(collection: Guardable): boolean {
  const hooks = collection.hooks?.beforeOperation ?? []
  return INPUT_CHECKS.every((check, index) => hooks[index] === check)
}

/**
 * A collection's `beforeOperation` hooks with {@link INPUT_CHECKS} first and its own after them, in their order.
 *
 * @param hooks - the collection's hooks (which may already hold the checks, e.g. after another plugin prepended one).
 */
function withInputChecksFirst(hooks: CollectionBeforeOperationHook[] | undefined): CollectionBeforeOperationHook[] {
  return [...INPUT_CHECKS, ...(hooks ?? []).filter((hook) => !INPUT_CHECKS.includes(hook))]
}

/**
 * Inserts endpoints just before the first endpoint whose path starts with `prefix` (Payload's own, once the config
 * is sanitised: endpoints are matched in list order), or at the end when there is none (before sanitisation,
 * Payload appends its own endpoints later).
 */
function insertBefore<T extends Omit<Endpoint, 'root'>>(endpoints: T[], prefix: string, added: T[]): T[] {
  const index = endpoints.findIndex((endpoint) => endpoint.path.startsWith(prefix))
  return index === -1 ? [...endpoints, ...added] : [...endpoints.slice(0, index), ...added, ...endpoints.slice(index)]
}

/**
 * A collection's endpoints with the 404s it needs: `/versions` when it keeps no versions (its `versions` setting
 * is unset or false), email verification when it is an auth collection that does not verify emails. A collection
 * that disables its endpoints (`false`) keeps them disabled.
 */
function withNotFoundEndpoints(collection: Guardable): false | Omit<Endpoint, 'root'>[] {
  if (collection.endpoints === false) {
    return false
  }
  let endpoints = [...(collection.endpoints ?? [])]
  if (!collection.versions) {
    endpoints = insertBefore(endpoints, '/versions', noVersionHistory())
  }
  const { auth } = collection
  const verifiesEmail = typeof auth === 'object' && auth !== null && Boolean((auth as { verify?: unknown }).verify)
  if (auth && !verifiesEmail) {
    endpoints = insertBefore(endpoints, '/verify/', noEmailVerification())
  }
  return endpoints
}

/**
 * One collection with its guards: {@link INPUT_CHECKS} first in `beforeOperation`, the value checks first in
 * `beforeValidate` ({@link withValueChecksFirst}), {@link rejectMissingReferences} last in `beforeChange` (it checks
 * what the collection's own hooks leave to write), and the 404 endpoints it needs.
 *
 * @param collection - a collection config; returned unchanged when it already has the checks.
 * @returns a new config (the input is not changed).
 */
function guardCollection<T extends Guardable>(collection: T): T {
  if (hasInputChecks(collection)) {
    return collection
  }
  return {
    ...collection,
    endpoints: withNotFoundEndpoints(collection),
    hooks: {
      ...collection.hooks,
      beforeChange: [
        ...(collection.hooks?.beforeChange ?? []).filter((hook) => hook !== rejectMissingReferences),
        rejectMissingReferences,
      ],
      beforeOperation: withInputChecksFirst(collection.hooks?.beforeOperation),
      beforeValidate: withValueChecksFirst(collection),
    },
  }
}

/**
 * The guards every collection must have, as a Payload plugin (the shape of `@payloadcms/plugin-seo`: it maps over
 * `config.collections`), so that a collection added later cannot go without them:
 * - {@link INPUT_CHECKS} first in each collection's `beforeOperation`, before the collection's own hooks;
 * - no control characters in text fields ({@link refuseControlCharacters}), and in a collection that keeps drafts, the
 *   field checks a published save gets, for drafts too ({@link validateDrafts});
 * - {@link rejectMissingReferences} last in each collection's `beforeChange`: relationships to documents that
 *   do not exist are refused with a 400 naming the field;
 * - 404s for `/versions` on collections that keep no versions, and for email verification on auth collections that
 *   do not verify emails (Payload registers both on every collection, and they failed with a 500), and on every REST
 *   path of a collection without endpoints (Payload answered 501, naming the host);
 * - only admins run the queue by hand (`jobs.access.run`, and any rule already configured must allow it too); the
 *   jobs collection itself is guarded with Payload's own collections, by {@link guardPayloadCollections}.
 * Each guard names the Payload version and behaviour it works around ("Workaround: Payload 3.90.1 …"), so an
 * upgrade can test and delete it. List it after the plugins that add collections. The collections Payload adds
 * while sanitising (document locks, preferences, migrations) exist only after plugins have run:
 * {@link guardPayloadCollections} guards them.
 *
 * @returns the plugin: a config in, the same config with guarded collections and jobs settings out.
 */
export function apiGuards(): Plugin {
  return (config: Config): Config => {
    const { jobs } = config
    const run = jobs?.access?.run
    return {
      ...config,
      collections: (config.collections ?? []).map(guardCollection),
      jobs: {
        ...jobs,
        access: {
          ...jobs?.access,
          run: run ? async (args) => canRunJobs(args) && (await run(args)) : canRunJobs,
        },
      },
    }
  }
}

/**
 * The second half of {@link apiGuards}, for the sanitised config (`buildConfig(…).then(guardPayloadCollections)`):
 * Payload adds its jobs, document-lock, preferences and migrations collections during sanitisation, after plugins
 * run, so the plugin never sees them. This gives every collection still without {@link INPUT_CHECKS} the same
 * guards (the 404 endpoints go just before Payload's own), a 404 on every REST path of a collection Payload serves
 * no endpoints for ({@link noRestApi}: the migrations collection), keeps writers from changing or removing jobs
 * ({@link keepWritersFromJobs}, after Payload's own hooks), and narrows the document-lock collection's access
 * ({@link restrictDocumentLocks}).
 * Hooks added here rather than through `jobs.jobsCollectionOverrides`: Payload warns at every start that hooks
 * returned by that override run only with `jobs.runHooks`, which holds for the queue runner's own writes (they go
 * to the database directly) but not for REST, GraphQL and Local API operations on jobs, which run them either way.
 *
 * @param config - the sanitised config from `buildConfig`.
 * @returns the same config object, its collections guarded in place.
 */
export function guardPayloadCollections(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (!hasInputChecks(collection)) {
      collection.hooks.beforeOperation = withInputChecksFirst(collection.hooks.beforeOperation)
      collection.hooks.beforeValidate = withValueChecksFirst(collection)
      collection.endpoints = withNotFoundEndpoints(collection) as typeof collection.endpoints
    }
    if (collection.endpoints === false) {
      collection.endpoints = noRestApi() as SanitizedConfig['collections'][number]['endpoints']
    }
    if (collection.slug === JOBS_SLUG && !collection.hooks.beforeOperation.includes(keepWritersFromJobs)) {
      collection.hooks.beforeOperation.push(keepWritersFromJobs)
    }
  }
  return restrictDocumentLocks(config)
}

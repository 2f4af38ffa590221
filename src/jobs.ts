import type { CollectionBeforeOperationHook, CollectionConfig, Config, Payload, PayloadRequest } from 'payload'

import { Forbidden } from 'payload'

import { hasRole, isEditorial } from '../access/roles'
import { getSettings } from './settings'

/** One entry of `jobs.autoRun` (Payload does not export the type by name). */
type AutorunCronConfig = Extract<NonNullable<NonNullable<Config['jobs']>['autoRun']>, unknown[]>[number]

/** Shared by every Payload instance of this process (the server's and the one Next.js bundles). */
const RUNNER_CLAIM = Symbol.for('newsdesk.jobsRunnerClaimed')

/**
 * The job queue runner (scheduled publish and unpublish live there): every minute (`JOBS_CRON`, croner syntax,
 * seconds allowed), run up to 50 due jobs of the default queue. Exactly one Payload instance per process runs it, the first to start its crons (the
 * server starts one at boot); `JOBS_AUTORUN=false` turns it off in this process, e.g. on all but one of several
 * app instances.
 *
 * @param payload - the instance asking (only logged).
 * @returns the cron list for `jobs.autoRun`: one entry for the claiming instance, none for the others.
 */
export function jobsAutoRun(payload: Payload): AutorunCronConfig[] {
  const registry = globalThis as { [RUNNER_CLAIM]?: boolean }
  const { autoRun, cron } = getSettings().jobs
  if (!autoRun || registry[RUNNER_CLAIM]) {
    return []
  }
  registry[RUNNER_CLAIM] = true
  payload.logger.info({ msg: `job queue: running due jobs in this process on "${cron}"` })
  return [{ cron, limit: 50, queue: 'default' }]
}

/**
 * Who may run the job queue by hand over REST (`/api/payload-jobs/run` and `/handle-schedules`): admins only.
 * Payload's default is any logged-in user, so any writer could set the queue running on demand; the server's own
 * cron runs it without a user and is not affected.
 *
 * @param args.req - the request.
 * @returns whether the request's user is an admin.
 */
export function canRunJobs({ req }: { req: PayloadRequest }): boolean {
  return hasRole(req.user, 'admin')
}

/**
 * Keeps writers from changing or removing queued jobs. The admin panel's schedule-publish action deletes the job
 * it replaces through the Local API, which skips access control, and checks only that the user may use the admin
 * panel: a writer could cancel an editor's scheduled publish or unpublish. Requests without a user (the queue
 * runner, scripts) and editors are not concerned.
 *
 * @throws Forbidden (403) for a writer's update or delete of a job.
 */
export const keepWritersFromJobs: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if ((operation === 'delete' || operation === 'update') && req.user && !isEditorial(req.user)) {
    throw new Forbidden(req.t)
  }
  return args
}

/**
 * Payload's jobs collection with {@link keepWritersFromJobs} added to its hooks.
 *
 * @param args.defaultJobsCollection - the collection Payload would use.
 * @returns the same collection with the hook appended.
 */
export function jobsCollection({ defaultJobsCollection }: { defaultJobsCollection: CollectionConfig }): CollectionConfig {
  return {
    ...defaultJobsCollection,
    hooks: {
      ...defaultJobsCollection.hooks,
      beforeOperation: [...(defaultJobsCollection.hooks?.beforeOperation ?? []), keepWritersFromJobs],
    },
  }
}

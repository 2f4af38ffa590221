import type { Config, Payload } from 'payload'

import { getSettings } from './settings'
import { sweepWebhooks } from './webhooks/queue'

/** One entry of `jobs.autoRun` (Payload does not export the type by name). */
type AutorunCronConfig = Extract<NonNullable<NonNullable<Config['jobs']>['autoRun']>, unknown[]>[number]

/** Shared by every Payload instance of this process (the server's and the one Next.js bundles). */
const RUNNER_CLAIM = Symbol.for('newsdesk.jobsRunnerClaimed')

/**
 * The job queue runner (scheduled publish and unpublish live there): every minute (`JOBS_CRON`, croner syntax,
 * seconds allowed), run up to 50 due jobs of the default queue, and look for due webhook deliveries every 5 s. Exactly one Payload instance per process runs it, the first to start its crons (the
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
  // Webhook retries are due seconds apart, not minutes: their queue has a sweep of its own (src/webhooks/queue.ts).
  sweepWebhooks(payload)
  return [{ cron, limit: 50, queue: 'default' }]
}

import type { PayloadRequest } from 'payload'

import { hasRole } from '../../../access/roles'

/**
 * Who may run the job queue by hand over REST (`/api/payload-jobs/run` and `/handle-schedules`): admins only.
 * Payload's default is any logged-in user, so any writer could set the queue running on demand; the server's own
 * cron runs it without a user and is not affected.
 * Workaround: Payload 3.90.1's default `jobs.access.run` allows any logged-in user.
 *
 * @param args.req - the request.
 * @returns whether the request's user is an admin.
 */
export function canRunJobs({ req }: { req: PayloadRequest }): boolean {
  return hasRole(req.user, 'admin')
}

import type { CollectionBeforeOperationHook } from 'payload'

import { Forbidden } from 'payload'

import { isEditorial } from '../../../access/roles'

/**
 * Keeps writers from changing or removing queued jobs. The admin panel's schedule-publish action deletes the job
 * it replaces through the Local API, which skips access control, and checks only that the user may use the admin
 * panel: a writer could cancel an editor's scheduled publish or unpublish. Requests without a user (the queue
 * runner, scripts) and editors are not concerned.
 * Workaround: Payload 3.90.1's schedule-publish action deletes the replaced job with the Local API, access unchecked.
 *
 * @throws Forbidden (403) for a writer's update or delete of a job.
 */
export const keepWritersFromJobs: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if ((operation === 'delete' || operation === 'update') && req.user && !isEditorial(req.user)) {
    throw new Forbidden(req.t)
  }
  return args
}

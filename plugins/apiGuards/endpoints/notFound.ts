import type { Endpoint } from 'payload'

import { headersWithCors } from 'payload'

/**
 * An endpoint that answers 404 with a message, in Payload's error shape and with its CORS headers. A collection's
 * own endpoints are matched before the ones Payload adds, so this takes the place of a Payload endpoint that has
 * nothing to do in this project and failed with a 500.
 */
function notFound(method: Endpoint['method'], path: string, message: string): Endpoint {
  return {
    handler: (req) =>
      Response.json(
        { errors: [{ message }] },
        { headers: headersWithCors({ headers: new Headers(), req }), status: 404 },
      ),
    method,
    path,
  }
}

/**
 * The `/versions` endpoints of a collection that keeps no versions (Payload registers them on every collection).
 * Workaround: Payload 3.90.1 answers 500 for `/versions` of a collection without versions.
 *
 * @returns a new list for each collection: Payload appends its own endpoints to the list it is given.
 */
export const noVersionHistory = (): Endpoint[] =>
  (['get', 'post'] as const).flatMap((method) =>
    ['/versions', '/versions/:id'].map((path) => notFound(method, path, 'This collection keeps no version history.')),
  )

/**
 * The email-verification endpoint of an auth collection that does not verify emails (`/users/verify/:token`).
 * Workaround: Payload 3.90.1 answers 500 for `POST /verify/:token` on an auth collection without `auth.verify`.
 */
export const noEmailVerification = (): Endpoint[] => [
  notFound('post', '/verify/:token', 'Accounts here are not verified by email.'),
]

/**
 * Every REST path of a collection Payload keeps off the REST API (`endpoints: false`: its migrations collection),
 * for the sanitised config only: before sanitisation, a list in place of `false` would get Payload's own endpoints
 * added to it.
 * Workaround: Payload 3.90.1 answers 501 Not Implemented, naming the server's URL, for a collection without endpoints.
 */
export const noRestApi = (): Endpoint[] =>
  (['delete', 'get', 'patch', 'post', 'put'] as const).map((method) =>
    notFound(method, '/:rest*', 'Not found: this collection is not served over REST.'),
  )

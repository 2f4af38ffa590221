import type { Endpoint } from 'payload'

import { headersWithCors } from 'payload'

/**
 * REST endpoints that answer 404 for the version history of a collection that keeps none. Payload registers its
 * `/versions` endpoints on every collection, and on one without versions they failed with a 500. A collection's
 * own endpoints are matched before Payload's, so these take their place.
 *
 * @returns a new list for each collection: Payload appends its own endpoints to the list it is given.
 */
export const noVersionHistory = (): Endpoint[] =>
  ['get', 'post'].flatMap((method) =>
    ['/versions', '/versions/:id'].map((path) => ({
      handler: (req) =>
        Response.json(
          { errors: [{ message: 'This collection keeps no version history.' }] },
          { headers: headersWithCors({ headers: new Headers(), req }), status: 404 },
        ),
      method: method as Endpoint['method'],
      path,
    })),
  )

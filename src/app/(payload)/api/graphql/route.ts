/* Route file in the shape `payload` generates for GraphQL, but for POST and GET: src/graphqlRoute.ts wraps Payload's
   handler so that bad requests answer 4xx instead of 500, and answers reads over GET (cacheable). */
import config from '@payload-config'
import { REST_OPTIONS } from '@payloadcms/next/routes'

import { graphqlGET, graphqlPOST } from '../../../../graphqlRoute'

export const GET = graphqlGET(config)

export const POST = graphqlPOST(config)

export const OPTIONS = REST_OPTIONS(config)

/* Route file in the shape `payload` generates for GraphQL, but for POST: src/graphqlRoute.ts wraps Payload's
   handler so that two kinds of bad request answer 400 instead of 500. */
import config from '@payload-config'
import { REST_OPTIONS } from '@payloadcms/next/routes'

import { graphqlPOST } from '../../../../graphqlRoute'

export const POST = graphqlPOST(config)

export const OPTIONS = REST_OPTIONS(config)

/* Route file in the shape `payload` generates for the REST API, but for POST, PATCH and PUT: src/restRoute.ts wraps
   Payload's handlers so that request bodies Payload's parsing fails on answer 400 instead of 500. */
import config from '@payload-config'
import '@payloadcms/next/css'
import { REST_DELETE, REST_GET, REST_OPTIONS } from '@payloadcms/next/routes'

import { restPATCH, restPOST, restPUT } from '../../../../restRoute'

export const GET = REST_GET(config)
export const POST = restPOST(config)
export const DELETE = REST_DELETE(config)
export const PATCH = restPATCH(config)
export const PUT = restPUT(config)
export const OPTIONS = REST_OPTIONS(config)

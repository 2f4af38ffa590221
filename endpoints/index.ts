import type { Endpoint } from 'payload'

import { feedEndpoints } from './feeds'
import { robotsEndpoint } from './robots'
import { sitemapEndpoints } from './sitemaps'

/** What the newsroom publishes beside the API for readers' tools: feeds, sitemaps, robots.txt. */
export const publicDocumentEndpoints: Endpoint[] = [...feedEndpoints, ...sitemapEndpoints, robotsEndpoint]

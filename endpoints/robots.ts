import type { Endpoint } from 'payload'

import { getSettings } from '../src/settings'
import { serverOrigin } from '../utilities/publicUrls'
import { documentResponse } from './publicReads'

/**
 * `/robots.txt` (RFC 9309): crawlers may read everything but the admin panel and the JSON API, except uploaded
 * files, which JSON-LD and feeds point to; it names the sitemap index and the News sitemap.
 */
export const robotsEndpoint: Endpoint = {
  handler: () => {
    const settings = getSettings()
    const server = serverOrigin(settings)
    const body = [
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /api/',
      'Allow: /api/media/file/',
      '',
      `Sitemap: ${server}/sitemap.xml`,
      `Sitemap: ${server}/sitemap-news.xml`,
      '',
    ].join('\n')
    return documentResponse({ body, mediaType: 'text/plain; charset=utf-8', surrogateKeys: ['robots'] })
  },
  method: 'get',
  path: '/public/robots.txt',
}

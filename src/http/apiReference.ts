import type { RequestHandler } from 'express'

import express from 'express'
import helmet from 'helmet'
import { createRequire } from 'node:module'
import path from 'node:path'

/** Where the reference page is mounted; the document it shows is `/api/openapi.json` (src/openapi). */
export const API_REFERENCE_PATH = '/api/docs'

/** The page: Scalar's script, then ours that starts it; no inline script, so the policy can forbid them. */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Newsdesk API reference</title>
  </head>
  <body>
    <div id="reference"></div>
    <script src="${API_REFERENCE_PATH}/scalar.js"></script>
    <script src="${API_REFERENCE_PATH}/start.js"></script>
  </body>
</html>
`

/**
 * Starts Scalar on the document, with what reaches Scalar's own services turned off (options of
 * @scalar/types' configuration schema): telemetry (on by default), its web fonts (fonts.scalar.com) and its agent
 * chat. The page's policy would block those requests anyway; off, they are not even tried.
 */
const START = `Scalar.createApiReference('#reference', {
  sources: [{ agent: { disabled: true }, slug: 'newsdesk', title: 'Newsdesk API', url: '/api/openapi.json' }],
  telemetry: false,
  withDefaultFonts: false,
})
`

/**
 * The path of Scalar's self-contained browser build (`@scalar/api-reference`, a development dependency), found when
 * first asked for: production installs leave development dependencies out, and production never mounts the page.
 */
function scalarBundle(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference')
  return path.join(path.dirname(entry), 'browser', 'standalone.js')
}

/**
 * The interactive API reference (Scalar) at {@link API_REFERENCE_PATH}, for development only: src/app.ts mounts it
 * when not in production, ahead of the API's own `default-src 'none'` policy, with a policy of its own: scripts
 * and connections to this origin only, inline styles (Scalar injects its stylesheet and sets style attributes),
 * images and fonts from this origin or data: URLs, no framing.
 *
 * @returns the router, to mount at {@link API_REFERENCE_PATH}.
 */
export function apiReference(): RequestHandler {
  const router = express.Router()
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          connectSrc: ["'self'"],
          defaultSrc: ["'none'"],
          fontSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          workerSrc: ["'self'", 'blob:'],
        },
        useDefaults: false,
      },
    }),
  )
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE)
  })
  router.get('/start.js', (_req, res) => {
    res.type('js').send(START)
  })
  router.get('/scalar.js', (_req, res) => {
    res.type('js').sendFile(scalarBundle())
  })
  return router
}

import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The admin panel is reached through 127.0.0.1 in development; Next 16 blocks its dev assets otherwise.
  allowedDevOrigins: ['127.0.0.1'],
  // unauthorized() and forbidden(): the admin's server functions answer refusals with 401 and 403
  // (src/serverFunctions.ts), not 500.
  experimental: { authInterrupts: true },
  // A headless API needs no on-the-fly image resizing; Payload's upload sizes are made by sharp at upload time.
  images: { unoptimized: true },
  poweredByHeader: false,
}

const config = withPayload(nextConfig, { devBundleServerPackages: false })
const payloadHeaders = config.headers

/**
 * Payload asks every page for the reader's colour scheme (`Accept-CH` and `Critical-CH:
 * Sec-CH-Prefers-Color-Scheme`) so the admin panel can pick its theme on the server. `Critical-CH` makes a browser
 * load the page a second time on a first visit; the reference site has one theme and must not pay that, so the
 * hints stay on the admin panel (`routes.admin`, /admin by default).
 */
config.headers = async () =>
  (await payloadHeaders()).map((entry) =>
    entry.source === '/:path*' && entry.headers.some(({ key }) => key === 'Critical-CH')
      ? { ...entry, source: '/admin/:path*' }
      : entry,
  )

export default config

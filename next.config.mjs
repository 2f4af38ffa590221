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

export default withPayload(nextConfig, { devBundleServerPackages: false })

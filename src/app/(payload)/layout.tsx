/* Route file in the shape `payload` generates for the admin panel, plus Newsdesk's guarded server functions
   and their refusals' HTTP status (src/serverFunctions.ts); keep it so when regenerating. */
import type { ServerFunctionClient } from 'payload'

import config from '@payload-config'
import '@payloadcms/next/css'
import { handleServerFunctions, RootLayout } from '@payloadcms/next/layouts'
import React from 'react'

import { serverFunctions, withRefusalStatus } from '../../serverFunctions'
import { importMap } from './admin/importMap.js'
import './custom.scss'

type Args = {
  children: React.ReactNode
}

const serverFunction: ServerFunctionClient = async function (args) {
  'use server'
  // Refusals answer 401, 403 or 404 rather than Next's 500 (src/serverFunctions.ts).
  return withRefusalStatus(() =>
    handleServerFunctions({
      ...args,
      config,
      importMap,
      // Newsdesk's guarded versions of some of Payload's server functions (src/serverFunctions.ts).
      serverFunctions,
    }),
  )
}

const Layout = ({ children }: Args) => (
  <RootLayout config={config} importMap={importMap} serverFunction={serverFunction}>
    {children}
  </RootLayout>
)

export default Layout

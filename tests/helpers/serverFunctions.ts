import type { SanitizedConfig } from 'payload'

import { jest } from '@jest/globals'

/** The request headers the next server-function call sees (Next's `headers()` outside a Next request). */
let requestHeaders = new Headers()

// Payload's server functions read the request through `next/headers`, which needs Next's request scope; here
// they read the headers of the call below. Registered when this module loads, before the admin's modules do.
jest.unstable_mockModule('next/headers.js', () => ({
  cookies: () => Promise.resolve({ get: () => undefined, getAll: () => [], has: () => false }),
  headers: () => Promise.resolve(requestHeaders),
}))

/** What a server function answered: its value, or the status of the error it threw (500 when it had none). */
// Server functions answer in shapes of their own (form state, rendered documents, tables): tests read into them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServerFunctionResult = { error?: string; status?: number; value?: any }

/**
 * Calls the admin panel's server functions the way src/app/(payload)/layout.tsx serves them
 * (`handleServerFunctions` with the project's config, import map and src/serverFunctions.ts), as the user a token
 * belongs to.
 *
 * @param config - the sanitised config.
 * @returns `(name, args, { token })`: the function's value, or the message and status of what it threw.
 */
export function serverFunctionClient(config: SanitizedConfig) {
  return async (name: string, args: Record<string, unknown>, { token }: { token?: string } = {}) => {
    const { handleServerFunctions } = await import('@payloadcms/next/layouts')
    const { importMap } = await import('../../src/app/(payload)/admin/importMap.js')
    const { serverFunctions } = await import('../../src/serverFunctions')
    requestHeaders = new Headers({ host: 'localhost:3000', ...(token ? { Authorization: `JWT ${token}` } : {}) })
    try {
      const value: unknown = await handleServerFunctions({
        name,
        args,
        config: Promise.resolve(config),
        importMap,
        serverFunctions,
      })
      return { value } as ServerFunctionResult
    } catch (error) {
      const { message, status } = error as { message?: string; status?: number }
      return { error: message, status: status ?? 500 } as ServerFunctionResult
    }
  }
}

import { existsSync } from 'node:fs'
import path from 'node:path'

import { freePort, run, start, type Started, waitForOk } from './process'
import { projectRoot } from './sample'

export const E2E_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef'

/** Builds the app once when there is no build (`npm test` stays one command on a fresh clone). */
export async function ensureBuild(): Promise<void> {
  if (!existsSync(path.join(projectRoot, '.next', 'BUILD_ID'))) {
    const build = await run({ args: ['run', 'build'], command: 'npm', timeoutMs: 600_000 })
    if (build.code !== 0) {
      throw new Error(`npm run build failed:\n${build.output}`)
    }
  }
}

/**
 * Starts what `npm start` runs, without npm and cross-env in between so signals reach the server itself.
 *
 * @param env - added to the production defaults (HOST 127.0.0.1, NODE_ENV production, the e2e secret).
 */
export function startBuiltServer(env: Record<string, string>): Started {
  return start({
    args: ['--import', 'tsx/esm', 'src/server.ts'],
    command: 'node',
    env: {
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      NODE_OPTIONS: '--conditions=production',
      PAYLOAD_SECRET: E2E_SECRET,
      SERVER_URL: `http://127.0.0.1:${env.PORT ?? 3000}`,
      ...env,
    },
  })
}

/**
 * Builds if needed, then starts the production server on a free port and waits for /healthz.
 *
 * @param env - must name DATABASE_URI; more variables may follow.
 * @returns the process and its base URL.
 */
export async function startProductionServer(env: Record<string, string>): Promise<{ base: string; server: Started }> {
  await ensureBuild()
  const port = await freePort()
  const server = startBuiltServer({ ...env, PORT: String(port) })
  const base = `http://127.0.0.1:${port}`
  await waitForOk(`${base}/healthz`, server)
  return { base, server }
}

import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

import { projectRoot } from './sample'

export type Finished = { code: null | number; output: string; signal: NodeJS.Signals | null }

/**
 * Runs a command in the project folder and collects its stdout and stderr together.
 *
 * @param args.command - executable, e.g. `npm` or `npx`.
 * @param args.args - its arguments.
 * @param args.env - variables added to (and overriding) the test process's environment.
 * @param args.timeoutMs - the command is killed after this long.
 * @param args.cwd - another folder to run in (a user typing the command elsewhere in the project).
 * @returns the exit code (null when killed by a signal), the signal, and the combined output.
 */
export function run({
  args,
  command,
  cwd,
  env = {},
  timeoutMs = 120_000,
}: {
  args: string[]
  command: string
  cwd?: string
  env?: Record<string, string | undefined>
  timeoutMs?: number
}): Promise<Finished> {
  const child = start({ args, command, cwd, env })
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs)
  return child.finished.finally(() => clearTimeout(timer))
}

/** A running child process, its output so far, and a promise of its end. */
export type Started = { finished: Promise<Finished>; output: () => string; process: ChildProcess }

/**
 * Starts a command in the project folder without waiting for it. The child's environment is the test
 * process's minus the variables Jest sets for itself (NODE_ENV=test would leak into the app), plus `env`.
 */
export function start({
  args,
  command,
  cwd = projectRoot,
  env = {},
}: {
  args: string[]
  command: string
  cwd?: string
  env?: Record<string, string | undefined>
}): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const name of ['JEST_WORKER_ID', 'NODE_ENV', 'NODE_OPTIONS']) {
    Reflect.deleteProperty(childEnv, name)
  }
  Object.assign(childEnv, env)
  const child = spawn(command, args, {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, output, signal }))
  })
  return { finished, output: () => output, process: child }
}

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Polls a URL until it answers 200.
 *
 * @param url - e.g. http://127.0.0.1:3000/healthz.
 * @param child - the server process; if it exits first, its output goes into the error.
 * @param timeoutMs - how long to wait in all.
 */
export async function waitForOk(url: string, child: Started, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let hasExited = false
  void child.finished.then(() => (hasExited = true))
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(`server exited before ${url} answered:\n${child.output()}`)
    }
    try {
      const response = await fetch(url)
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`)
}

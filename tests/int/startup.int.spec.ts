import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { run } from '../helpers/process'

// The server refuses bad configuration before it serves anything: exit code 1 and a message that names the
// variable. These checks run before Next starts, so they need no build.
const STRONG_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef'
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-startup-'))
})

afterAll(async () => {
  await rm(dir, { force: true, recursive: true })
})

const server = (env: Record<string, string | undefined>) =>
  run({ args: ['tsx', 'src/server.ts'], command: 'npx', env: { PORT: '0', ...env }, timeoutMs: 60_000 })

it('should refuse an unknown DATABASE_URI scheme', async () => {
  const result = await server({ DATABASE_URI: 'postgres://localhost/news', PAYLOAD_SECRET: STRONG_SECRET })
  expect(result.code).toBe(1)
  expect(result.output).toMatch(/DATABASE_URI has "postgres:".*Accepted forms: file:<path>/)
})

it('should refuse to start in production without PAYLOAD_SECRET', async () => {
  const result = await server({
    DATABASE_URI: `file:${path.join(dir, 'prod.db')}`,
    NODE_ENV: 'production',
    PAYLOAD_SECRET: '',
  })
  expect(result.code).toBe(1)
  expect(result.output).toContain('PAYLOAD_SECRET is not set; production needs at least 32 random characters')
})

it('should refuse in production a SQLite file that development mode pushed its schema to', async () => {
  const file = path.join(dir, 'dev.db')
  const seeded = await run({
    args: ['run', 'seed'],
    command: 'npm',
    env: { DATABASE_URI: `file:${file}`, PAYLOAD_SECRET: STRONG_SECRET },
  })
  expect(seeded.code).toBe(0)
  const result = await server({
    DATABASE_URI: `file:${file}`,
    NODE_ENV: 'production',
    PAYLOAD_SECRET: STRONG_SECRET,
    SERVER_URL: 'https://cms.example.com',
  })
  expect(result.code).toBe(1)
  expect(result.output).toContain('which development mode pushed its schema to')
})

it('should refuse to start in production on MongoDB without a replica set', async () => {
  const result = await server({
    DATABASE_URI: 'mongodb://127.0.0.1:27017/newsdesk',
    NODE_ENV: 'production',
    PAYLOAD_SECRET: STRONG_SECRET,
  })
  expect(result.code).toBe(1)
  expect(result.output).toContain('without replicaSet=<name>. Production needs transactions')
})

it.each([
  ['RATE_LIMIT_AUTH_ATTEMPTS', '1O', 'RATE_LIMIT_AUTH_ATTEMPTS must be a whole number ≥ 1, not "1O".'],
  ['SHUTDOWN_TIMEOUT_MS', 'soon', 'SHUTDOWN_TIMEOUT_MS must be a whole number ≥ 0, not "soon".'],
])('should refuse %s=%j, naming the variable', async (variable, value, message) => {
  const result = await server({ PAYLOAD_SECRET: STRONG_SECRET, [variable]: value })
  expect(result.code).toBe(1)
  expect(result.output).toContain(message)
})

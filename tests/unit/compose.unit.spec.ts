import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'

import { run } from '../helpers/process'
import { projectRoot } from '../helpers/sample'

// No Docker engine runs the tests, so docker-compose.yml is checked against the Compose schema (dclint)
// and for the facts production relies on.
const composePath = path.join(projectRoot, 'docker-compose.yml')
const lint = (file: string) => run({ args: ['dclint', '--max-warnings', '0', file], command: 'npx', timeoutMs: 60_000 })

type Service = { command?: string[]; environment?: Record<string, string>; image?: string; volumes?: string[] }

describe('docker-compose.yml', () => {
  it('should pass the Compose schema and lint rules', async () => {
    const result = await lint(composePath)
    expect(result.output).not.toMatch(/error|warning/)
    expect(result.code).toBe(0)
  })

  it('should fail the check when a service key is misspelt', async () => {
    const broken = path.join(os.tmpdir(), `newsdesk-compose-${process.pid}.yml`)
    await writeFile(broken, (await readFile(composePath, 'utf8')).replace('    image: mongo:8', '    imagee: mongo:8'))
    const result = await lint(broken)
    expect(result.code).not.toBe(0)
  })

  it('should run MongoDB 8 as replica set rs0 and point the app at it with replicaSet=rs0', async () => {
    const compose = parse(await readFile(composePath, 'utf8')) as {
      services: Record<string, Service>
      volumes: Record<string, unknown>
    }
    const { app, mongo } = compose.services
    expect(mongo.image).toBe('mongo:8')
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']))
    expect(new URL(app.environment!.DATABASE_URI).searchParams.get('replicaSet')).toBe('rs0')
    expect(Object.keys(compose.volumes).sort()).toEqual(['media', 'mongo-data'])
    expect(mongo.volumes).toEqual(['mongo-data:/data/db'])
    expect(app.volumes).toEqual(['media:/app/media'])
  })
})

import type { Endpoint, PayloadRequest, SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import { jest } from '@jest/globals'
import { buildConfig } from 'payload'

import type { TestPayload } from '../helpers/payload'

import { preventWriterPublishing } from '../../collections/Articles/hooks/preventWriterPublishing'
import { readPublishedForReaders } from '../../collections/Articles/hooks/readPublishedForReaders'
import { equaliseFailedLogins } from '../../collections/Users/hooks/equaliseFailedLogins'
import { limitAuthAttempts } from '../../collections/Users/hooks/limitAuthAttempts'
import { apiGuards, guardPayloadCollections, hasInputChecks, INPUT_CHECKS } from '../../plugins/apiGuards'
import { keepWritersFromJobs } from '../../plugins/apiGuards/hooks/keepWritersFromJobs'
import { refuseControlCharacters } from '../../plugins/apiGuards/hooks/refuseControlCharacters'
import { validateDrafts } from '../../plugins/apiGuards/hooks/validateDrafts'
import { databaseAdapter } from '../../src/database'
import { resolveDatabaseTarget } from '../../src/settings/database'
import { restClient } from '../helpers/api'
import { loginAs, startPayload, throwawayDatabaseUri } from '../helpers/payload'

// Every collection must have the guards (plugins/apiGuards), Payload's own included: those Payload adds while
// sanitising, after plugins run, get them from guardPayloadCollections.
const PROJECT_COLLECTIONS = ['articles', 'authors', 'media', 'tags', 'users']
const PAYLOAD_COLLECTIONS = ['payload-jobs', 'payload-locked-documents', 'payload-migrations', 'payload-preferences']
/** Over REST: Payload turns off every endpoint of payload-migrations (`endpoints: false`); the guards answer 404. */
const PAYLOAD_REST_COLLECTIONS = PAYLOAD_COLLECTIONS.filter((slug) => slug !== 'payload-migrations')
const WITHOUT_VERSIONS = [...PROJECT_COLLECTIONS.filter((slug) => slug !== 'articles'), ...PAYLOAD_REST_COLLECTIONS]

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
const tokens: { admin?: string; editor?: string; writer?: string } = {}

beforeAll(async () => {
  ctx = await startPayload('apiGuards')
  rest = restClient(ctx.config)
  tokens.admin = await loginAs(ctx.payload, ['admin'])
  tokens.editor = await loginAs(ctx.payload, ['editor'])
  tokens.writer = await loginAs(ctx.payload, ['writer'])
})

afterAll(async () => {
  await ctx.stop()
})

const collection = (config: SanitizedConfig, slug: string): SanitizedCollectionConfig => {
  const found = config.collections.find((candidate) => candidate.slug === slug)
  if (!found) {
    throw new Error(`no collection ${slug} in the config`)
  }
  return found
}

/**
 * The endpoint Payload's REST handler would answer a request with: the first of the collection's endpoints, in
 * list order, whose method and path pattern (`:name` segments match any one segment) fit.
 */
const endpointFor = (
  config: SanitizedCollectionConfig,
  method: Endpoint['method'],
  path: string,
): Endpoint | undefined => {
  const segments = path.split('/')
  return (config.endpoints || []).find((endpoint) => {
    const pattern = endpoint.path.split('/')
    return (
      endpoint.method === method &&
      pattern.length === segments.length &&
      pattern.every((part, index) => part.startsWith(':') || part === segments[index])
    )
  })
}

/** The status the endpoint answers with, for a request without an origin. */
const statusOf = async (endpoint: Endpoint | undefined): Promise<number | undefined> => {
  const response = await endpoint?.handler({ headers: new Headers() } as unknown as PayloadRequest)
  return response?.status
}

describe('the project config', () => {
  it('should run the input checks first in every collection of the sanitised config', () => {
    const slugs = ctx.config.collections.map(({ slug }) => slug)
    const unguarded = ctx.config.collections.filter((candidate) => !hasInputChecks(candidate)).map(({ slug }) => slug)
    expect({ slugs, unguarded }).toEqual({
      slugs: expect.arrayContaining([...PROJECT_COLLECTIONS, ...PAYLOAD_COLLECTIONS]),
      unguarded: [],
    })
  })

  it.each([...PROJECT_COLLECTIONS, ...PAYLOAD_COLLECTIONS])('should run the three input checks first in %s', (slug) => {
    expect(collection(ctx.config, slug).hooks.beforeOperation.slice(0, INPUT_CHECKS.length)).toEqual(INPUT_CHECKS)
  })

  it.each([
    ['articles', [preventWriterPublishing, readPublishedForReaders]],
    ['users', [limitAuthAttempts, equaliseFailedLogins]],
    ['payload-jobs', [keepWritersFromJobs]],
  ] as const)("should run %s's own beforeOperation hooks after the input checks", (slug, own) => {
    expect(collection(ctx.config, slug).hooks.beforeOperation).toEqual([...INPUT_CHECKS, ...own])
  })

  // Issue round two, item 1: drafts skipped every field check.
  it('should check the drafts of every collection that keeps drafts, and only there', () => {
    const checking = ctx.config.collections
      .filter((candidate) => candidate.hooks.beforeValidate[1] === validateDrafts)
      .map(({ slug }) => slug)
    const withDrafts = ctx.config.collections
      .filter((candidate) => Boolean(candidate.versions && candidate.versions.drafts))
      .map(({ slug }) => slug)
    expect({ checking, withDrafts }).toEqual({ checking: ['articles'], withDrafts: ['articles'] })
  })

  // Issue round two, item 8: a NUL in a title was stored.
  it.each([...PROJECT_COLLECTIONS, ...PAYLOAD_COLLECTIONS])(
    'should refuse control characters in text first in beforeValidate of %s',
    (slug) => {
      expect(collection(ctx.config, slug).hooks.beforeValidate[0]).toBe(refuseControlCharacters)
    },
  )

  it.each(WITHOUT_VERSIONS)('should answer the version history of %s, which keeps none, with 404', async (slug) => {
    const { body, status } = await rest.get(`${slug}/versions/1`, { token: tokens.admin })
    expect([status, body.errors?.[0]?.message]).toEqual([404, 'This collection keeps no version history.'])
  })

  // Issue 15, item 14: Payload answered 501 Not Implemented, with a message naming the server's URL.
  it.each([
    ['get', 'payload-migrations'],
    ['get', 'payload-migrations/1'],
    ['get', 'payload-migrations/count'],
    ['post', 'payload-migrations'],
    ['patch', 'payload-migrations/1'],
    ['delete', 'payload-migrations/1'],
  ] as const)('should answer %s %s, a collection without REST, with 404 naming no host', async (method, path) => {
    const { body, status } = await rest[method](path, { token: tokens.admin })
    expect([status, body.errors?.[0]?.message, JSON.stringify(body).includes('localhost')]).toStrictEqual([
      404,
      'Not found: this collection is not served over REST.',
      false,
    ])
  })

  it('should keep the version history of articles, which keep versions', async () => {
    const { status } = await rest.get('articles/versions', { token: tokens.writer })
    expect(status).toBe(200)
  })

  // Payload's own collections took where clauses and ids unchecked: on SQLite, text ids failed in the database.
  it.each(PAYLOAD_REST_COLLECTIONS)('should refuse an impossible id in a where on %s with 400', async (slug) => {
    const { status } = await rest.get(`${slug}?where[id][in]=abc`, { token: tokens.admin })
    expect(status).toBe(400)
  })

  it("should narrow the lock collection's access: a writer may not lock a document in an editor's name", async () => {
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { title: 'Locked for the guards test' },
      draft: true,
    })
    const editor = await ctx.payload.find({ collection: 'users', limit: 1, where: { roles: { in: ['editor'] } } })
    const { status } = await rest.post('payload-locked-documents', {
      body: {
        document: { relationTo: 'articles', value: article.id },
        user: { relationTo: 'users', value: editor.docs[0].id },
      },
      token: tokens.writer,
    })
    expect(status).toBe(403)
  })

  // The admin panel looks up a document's lock over REST with this query; the checks must let it through.
  it("should answer the admin panel's lock lookup", async () => {
    const { status } = await rest.get(
      'payload-locked-documents?where[document.relationTo][equals]=articles&where[document.value][equals]=1',
      {
        token: tokens.writer,
      },
    )
    expect(status).toBe(200)
  })
})

describe('a config with a collection of its own', () => {
  let config: SanitizedConfig
  const warnings: string[] = []

  beforeAll(async () => {
    // Sanitised only, never started: the adapter does not connect until Payload initialises it.
    const target = resolveDatabaseTarget({ isProduction: false, uri: throwawayDatabaseUri('apiGuards-extra') })
    const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '))
    })
    try {
      config = await buildConfig({
        collections: [
          { slug: 'members', auth: true, fields: [] },
          { slug: 'clippings', fields: [{ name: 'title', type: 'text' }] },
        ],
        db: databaseAdapter(target),
        // One task, so that Payload adds its jobs collection.
        jobs: { tasks: [{ slug: 'noop', handler: () => ({ output: {} }) }] },
        plugins: [apiGuards()],
        secret: 'test-secret-0123456789abcdef0123456789abcdef',
        telemetry: false,
      }).then(guardPayloadCollections)
    } finally {
      warn.mockRestore()
    }
  })

  // Issue round two, item 19: the jobs guards came through jobs.jobsCollectionOverrides, and Payload warned at every
  // start and build that hooks returned from there run only with jobs.runHooks.
  it('should guard the jobs collection without a warning about jobs.runHooks', () => {
    expect({
      hooks: collection(config, 'payload-jobs').hooks.beforeOperation,
      warnings: warnings.filter((warning) => warning.includes('runHooks')),
    }).toEqual({ hooks: [...INPUT_CHECKS, keepWritersFromJobs], warnings: [] })
  })

  it('should run the input checks first in a collection added without hooks', () => {
    expect(collection(config, 'clippings').hooks.beforeOperation).toEqual(INPUT_CHECKS)
  })

  it("should run the input checks first in every collection, Payload's own included", () => {
    expect(config.collections.filter((candidate) => !hasInputChecks(candidate)).map(({ slug }) => slug)).toEqual([])
  })

  it.each(['/versions', '/versions/1'])('should answer %s of a collection without versions with 404', async (path) => {
    expect(await statusOf(endpointFor(collection(config, 'clippings'), 'get', path))).toBe(404)
  })

  it('should answer email verification of an auth collection that does not verify emails with 404', async () => {
    expect(await statusOf(endpointFor(collection(config, 'members'), 'post', '/verify/abc'))).toBe(404)
  })

  it('should leave a collection that does not log in without an email-verification endpoint', () => {
    expect(endpointFor(collection(config, 'clippings'), 'post', '/verify/abc')).toBeUndefined()
  })
})

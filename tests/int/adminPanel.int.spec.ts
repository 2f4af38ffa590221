import type { TestPayload } from '../helpers/payload'

import { createAccount, startPayload } from '../helpers/payload'
import { serverFunctionClient } from '../helpers/serverFunctions'

let ctx: TestPayload

beforeAll(async () => {
  ctx = await startPayload('admin-panel')
})

afterAll(async () => {
  await ctx.stop()
})

/** The `roles` the admin panel's new-account form starts with, as the given token's user (anonymous without). */
const newAccountRoles = async (token?: string) => {
  const call = serverFunctionClient(ctx.config)
  // Every field writable, as Payload's first-user view grants (@payloadcms/next views/CreateFirstUser).
  const users = ctx.config.collections.find(({ slug }) => slug === 'users')!
  const fields = Object.fromEntries(
    users.fields.flatMap((field) =>
      'name' in field ? [[field.name, { create: true, read: true, update: true }]] : [],
    ),
  )
  const answer = await call(
    'form-state',
    {
      collectionSlug: 'users',
      docPermissions: { create: true, fields, read: true, update: true },
      docPreferences: { fields: {} },
      operation: 'create',
      schemaPath: 'users',
      skipClientConfigAuth: true,
      skipValidation: true,
    },
    { token },
  )
  return answer.value?.state?.roles?.value as unknown
}

describe('the new-account form', () => {
  // Runs first, while the database has no account: the state the "create first user" screen is built from.
  it('should show Admin on the first-user screen, the role the first account gets', async () => {
    expect(await newAccountRoles()).toEqual(['admin'])
  })

  it('should show Writer once an account exists', async () => {
    const { token } = await createAccount(ctx.payload, ['admin'])

    expect(await newAccountRoles(token)).toEqual(['writer'])
  })
})

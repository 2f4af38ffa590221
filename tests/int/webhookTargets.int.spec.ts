import type { TestPayload } from '../helpers/payload'

import { sendWebhook } from '../../src/webhooks/deliver'
import { restClient } from '../helpers/api'
import { loginAs, startPayload } from '../helpers/payload'

// Without WEBHOOK_ALLOW_PRIVATE_TARGETS (the default), webhooks may only target public addresses (SSRF).
delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS

let ctx: TestPayload
let rest: ReturnType<typeof restClient>
let adminToken: string

beforeAll(async () => {
  ctx = await startPayload('webhookTargets')
  rest = restClient(ctx.config)
  adminToken = await loginAs(ctx.payload, ['admin'])
})

afterAll(async () => {
  await ctx.stop()
})

/** The field paths and messages of a refused write, from Payload's ValidationError body. */
const refusals = (body: Record<string, any>): Array<[string, string]> =>
  (body.errors?.[0]?.data?.errors ?? []).map(({ message, path }: { message: string; path: string }) => [path, message])

describe('webhook targets', () => {
  it.each([
    ['loopback IPv4', 'http://127.0.0.1:8080/hook', '127.0.0.1'],
    ['loopback by name', 'http://localhost/hook', 'localhost resolves to'],
    ['loopback IPv6', 'http://[::1]/hook', '::1'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1'],
    ['private 10/8', 'https://10.1.2.3/hook', '10.1.2.3'],
    ['private 192.168/16', 'https://192.168.0.10/hook', '192.168.0.10'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['IPv6 unique-local', 'http://[fd00::1]/hook', 'fd00::1'],
    ['IPv6 link-local', 'http://[fe80::1]/hook', 'fe80::1'],
    ['unspecified', 'http://0.0.0.0/hook', '0.0.0.0'],
    ['a non-http scheme', 'ftp://example.com/hook', 'must start with http:// or https://'],
    ['credentials in the URL', 'https://user:pw@example.com/hook', 'must not carry a user name'],
    ['a relative URL', '/hook', 'is not an absolute URL'],
  ])('should refuse %s with a 400 naming the url field', async (_label, url, reason) => {
    const { body, status } = await rest.post('webhooks', {
      body: { events: ['article.published'], url },
      token: adminToken,
    })
    const [[path, message]] = refusals(body)
    expect([status, path]).toEqual([400, 'url'])
    expect(message).toContain(reason)
  })

  it('should refuse a loopback target again at delivery time, sending nothing', async () => {
    await expect(
      sendWebhook({
        allowPrivate: false,
        body: '{}',
        messageId: 'msg_test',
        secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
        url: 'http://127.0.0.1:9/hook',
      }),
    ).rejects.toThrow('127.0.0.1, a private, loopback or otherwise non-public address')
  })
})

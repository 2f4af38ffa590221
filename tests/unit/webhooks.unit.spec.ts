import type { ContentAction, PublicCollection } from '../../src/contentEvents'

import { validateWebhookSecret } from '../../collections/Webhooks/validateSecret'
import { webhookEventOf, webhookMessage } from '../../src/webhooks/events'
import { isPublicAddress, parseTargetUrl } from '../../src/webhooks/targets'

describe('isPublicAddress', () => {
  it.each([
    ['93.184.215.14', true],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.215.14', true],
    ['not an address', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected)
  })
})

describe('parseTargetUrl', () => {
  // Regression: these were stored as sent, the URL parser quietly dropping the whitespace or taking port 0.
  it.each([
    ['spaces around it', '  http://8.8.8.8/  ', /must not contain spaces/],
    ['a newline in it', 'http://8.8.8.8/\nHost: x', /must not contain spaces/],
    ['port 0', 'https://1.1.1.1:0/', /port from 1 to 65535/],
    ['3,022 characters', `https://hooks.example/${'a'.repeat(3000)}`, /at most 2048 characters, not 3022/],
    ['credentials', 'https://user:pw@hooks.example/', /user name or password/],
    ['another scheme', 'ftp://hooks.example/', /must start with http/],
  ])('should refuse a URL with %s', (_label, value, message) => {
    expect(() => parseTargetUrl(value)).toThrow(message)
  })

  it('should take a plain https URL as it is', () => {
    expect(parseTargetUrl('https://hooks.example:8443/newsdesk?x=1').href).toBe(
      'https://hooks.example:8443/newsdesk?x=1',
    )
  })
})

describe('webhookEventOf', () => {
  it.each<[PublicCollection, ContentAction, string | undefined]>([
    ['articles', 'create', 'article.published'],
    ['articles', 'publish', 'article.published'],
    ['articles', 'restore', 'article.published'],
    ['articles', 'update', 'article.updated'],
    ['articles', 'unpublish', 'article.unpublished'],
    ['articles', 'trash', 'article.unpublished'],
    ['articles', 'delete', 'article.deleted'],
    ['authors', 'create', 'author.created'],
    ['authors', 'update', 'author.updated'],
    ['authors', 'delete', 'author.deleted'],
    ['tags', 'update', 'tag.updated'],
    ['media', 'delete', 'media.deleted'],
    ['tags', 'trash', undefined],
  ])('%s %s → %s', (collection, action, expected) => {
    expect(webhookEventOf({ action, collection })).toBe(expected)
  })
})

describe('webhookMessage', () => {
  const site = {
    name: 'Newsdesk',
    feedContent: 'full' as const,
    language: 'en',
    paths: { article: '/news/{slug}', author: '/authors/{slug}', tag: '/tags/{slug}' },
    url: 'https://news.example',
  }

  it('should carry the document, its public URL and the surrogate keys of every page it shows on', () => {
    const message = webhookMessage({
      at: new Date('2026-12-02T10:00:00.000Z'),
      change: {
        id: 12,
        slug: 'harbour-reopens',
        action: 'publish',
        affects: [
          { id: 3, slug: 'ana-li', collection: 'authors' },
          { id: 5, slug: 'ports', collection: 'tags' },
        ],
        collection: 'articles',
      },
      event: 'article.published',
      site,
    })
    expect(message).toEqual({
      type: 'article.published',
      data: {
        id: 12,
        slug: 'harbour-reopens',
        collection: 'articles',
        surrogateKeys: ['articles', 'article:12', 'author:3', 'tag:5'],
        url: 'https://news.example/news/harbour-reopens',
      },
      timestamp: '2026-12-02T10:00:00.000Z',
    })
  })

  it('should give media no public URL', () => {
    const message = webhookMessage({
      at: new Date(0),
      change: { id: 'abc', action: 'update', affects: [], collection: 'media' },
      event: 'media.updated',
      site,
    })
    expect(message.data).toEqual({
      id: 'abc',
      slug: null,
      collection: 'media',
      surrogateKeys: ['media', 'media:abc'],
      url: null,
    })
  })
})

describe('validateWebhookSecret', () => {
  it.each<[string, null | string, boolean]>([
    ['empty (one is generated)', '', true],
    ['absent', null, true],
    ['24 bytes', `whsec_${Buffer.alloc(24, 1).toString('base64')}`, true],
    ['64 bytes', `whsec_${Buffer.alloc(64, 1).toString('base64')}`, true],
    ['23 bytes', `whsec_${Buffer.alloc(23, 1).toString('base64')}`, false],
    ['65 bytes', `whsec_${Buffer.alloc(65, 1).toString('base64')}`, false],
    ['no prefix', Buffer.alloc(32, 1).toString('base64'), false],
    ['not base64', 'whsec_***', false],
  ])('%s', (_label, value, isValid) => {
    expect(validateWebhookSecret(value) === true).toBe(isValid)
  })
})

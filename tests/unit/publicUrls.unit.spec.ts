import { describe, expect, it } from '@jest/globals'

import { loadSettings } from '../../src/settings'
import { publicUrl, siteUrl } from '../../utilities/publicUrls'

describe('publicUrl', () => {
  const site = loadSettings({
    env: { PUBLIC_ARTICLE_PATH: '/{slug}.html', PUBLIC_SITE_URL: 'https://news.example/edition/' },
  }).site

  it('should put the slug into the kind’s pattern under the site URL', () => {
    expect(publicUrl({ slug: 'moroccos-strategy', kind: 'article', site })).toBe(
      'https://news.example/edition/moroccos-strategy.html',
    )
    expect(publicUrl({ slug: 'jane-doe', kind: 'author', site })).toBe('https://news.example/edition/authors/jane-doe')
    expect(publicUrl({ slug: 'security', kind: 'tag', site })).toBe('https://news.example/edition/tags/security')
  })

  it('should keep a slug in its one path segment', () => {
    expect(publicUrl({ slug: '../admin?x=1#y', kind: 'tag', site })).toBe(
      'https://news.example/edition/tags/..%2Fadmin%3Fx%3D1%23y',
    )
  })

  it('should default to the server’s own URL', () => {
    expect(siteUrl(loadSettings({ env: { SERVER_URL: 'https://cms.example' } }).site, '/feed.xml')).toBe(
      'https://cms.example/feed.xml',
    )
    expect(siteUrl(loadSettings({ env: { PORT: '4000' } }).site, '/feed.xml')).toBe('http://localhost:4000/feed.xml')
  })
})

import AxeBuilder from '@axe-core/playwright'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import sharp from 'sharp'

import type { Started } from '../helpers/process'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { parseDocument } from '../../seed/formats/parse'
import { block, text } from '../helpers/lexicalNodes'
import { throwawayDatabaseUri } from '../helpers/payload'
import { projectRoot, SAMPLE, sampleParagraphs, sampleText } from '../helpers/sample'
import { startProductionServer } from '../helpers/server'

// The reference site (src/app/(site)) in a real browser (Debian's Chromium driven by playwright-core) against the
// production build: what readers see of published stories, what a preview link shows of a draft, how fast a change
// reaches the pages, and axe-core's accessibility rules. UPDATE_SCREENSHOTS=1 writes the screenshots into docs/
// (the README shows them); otherwise they go to a temporary folder.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** How soon a change must be on the pages (the bound), in milliseconds. */
const FRESH_WITHIN_MS = 2_000
const ADMIN = { email: 'admin@newsdesk.test', password: 'pw-admin-0123456789' }
const HARBOUR = {
  slug: 'harbour-reopens-after-three-days-of-storms',
  title: 'Harbour reopens after three days of storms',
}

let server: Started
let base: string
let browser: Browser
let workDir: string
let token: string
let ids: { author: number | string; heroImage: number | string; reporter: number | string; tag: number | string }
const shotsDir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot, 'docs') : ''

type Json = Record<string, any>

/** A staff request to the REST API, as the admin account. */
async function api(pathname: string, init: { body?: unknown; method?: string } = {}): Promise<Json> {
  const response = await fetch(`${base}/api/${pathname}`, {
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `JWT ${token}` } : {}) },
    method: init.method ?? 'GET',
  })
  const body = (await response.json()) as Json
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${pathname}: ${response.status} ${JSON.stringify(body)}`)
  }
  return body
}

/** An anonymous reader's request for a site page: status and HTML. */
async function readPage(pathname: string): Promise<{ html: string; status: number }> {
  const response = await fetch(`${base}${pathname}`)
  return { html: await response.text(), status: response.status }
}

/**
 * Polls a page as an anonymous reader until `isDone` holds, from the moment of the call.
 *
 * @returns the milliseconds it took.
 * @throws when it does not hold within 10 s (the test then reports the time bound it missed).
 */
async function msUntil(pathname: string, isDone: (page: { html: string; status: number }) => boolean) {
  const startedAt = performance.now()
  while (performance.now() - startedAt < 10_000) {
    if (isDone(await readPage(pathname))) {
      return Math.round(performance.now() - startedAt)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${pathname} did not change within 10 s`)
}

/** Reads a page twice, so the second read is a cache hit and a change must drop it. */
async function warm(pathname: string): Promise<void> {
  await readPage(pathname)
  const response = await fetch(`${base}${pathname}`)
  await response.arrayBuffer()
  expect(response.headers.get('age')).not.toBeNull()
}

/**
 * Opens a page as a reader without JavaScript (the site needs none), or with it for axe-core, which runs in the
 * page (the site's CSP still keeps the page's own scripts from running).
 */
async function open(pathname: string, { hasJavaScript = false } = {}): Promise<Page> {
  // A context per page: axe-core opens pages of its own in the page's context.
  const context = await browser.newContext({ javaScriptEnabled: hasJavaScript, viewport: { height: 900, width: 1280 } })
  const page = await context.newPage()
  const response = await page.goto(`${base}${pathname}`)
  expect(response?.status()).toBe(200)
  return page
}

/**
 * Closes a page opened by `open` together with its context, and waits for both: a close left running would reject
 * once `afterAll` closes the browser, failing the whole suite.
 */
async function closePage(page: Page): Promise<void> {
  await page.context().close()
}

async function upload(name: string, fields: Json, color: string): Promise<number | string> {
  const image = await sharp({ create: { background: color, channels: 3, height: 900, width: 1600 } })
    .jpeg()
    .toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), name)
  form.append('_payload', JSON.stringify(fields))
  const response = await fetch(`${base}/api/media`, {
    body: form,
    headers: { Authorization: `JWT ${token}` },
    method: 'POST',
  })
  return ((await response.json()) as { doc: { id: number | string } }).doc.id
}

/** A Lexical body with a heading, a list, a quote, a link and an image: what the converters are tested on. */
function richBody(imageId: number | string) {
  return {
    root: block('root', [
      block('paragraph', [text('The fleet went back to sea at dawn.')], { textFormat: 0, textStyle: '' }),
      block('heading', [text('What changed')], { tag: 'h2' }),
      block(
        'list',
        [
          block('listitem', [text('The breakwater held')], { value: 1 }),
          block('listitem', [text('No boat was lost')], { value: 2 }),
        ],
        { listType: 'bullet', start: 1, tag: 'ul' },
      ),
      block('quote', [text('We were lucky this time.')]),
      block(
        'paragraph',
        [
          block('link', [text('the port authority')], {
            fields: { linkType: 'custom', newTab: false, url: 'https://port.example/notices' },
          }),
        ],
        { textFormat: 0, textStyle: '' },
      ),
      {
        id: '65f0c0ffee0000000000000a',
        type: 'upload',
        fields: null,
        format: '',
        relationTo: 'media',
        value: imageId,
        version: 3,
      },
    ]),
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-site-'))
  ;({ base, server } = await startProductionServer({
    DATABASE_URI: throwawayDatabaseUri('site'),
    MEDIA_DIR: path.join(workDir, 'media'),
    PUBLICATION_NAME: 'The Harbour Gazette',
  }))
  const first = (await api('users/first-register', {
    body: ADMIN,
    method: 'POST',
  })) as { token: string }
  token = first.token
  const sample = parseDocument(sampleText)
  const heroImage = await upload(
    'convoy.jpg',
    { alt: 'Police vehicles outside a courthouse', caption: 'A hearing in Salé.', credit: 'Newsdesk / Archive' },
    '#38618c',
  )
  const avatar = await upload('portrait.jpg', { alt: 'Jérôme' }, '#8c6d38')
  const author = await api('authors', {
    body: { name: SAMPLE.author.name, avatar, bio: 'Covers security and the courts.' },
    method: 'POST',
  })
  const reporter = await api('authors', { body: { name: 'Nadia Benali' }, method: 'POST' })
  const tag = await api('tags', { body: { name: 'Security' }, method: 'POST' })
  ids = { author: author.doc.id, heroImage, reporter: reporter.doc.id, tag: tag.doc.id }
  await api('articles', {
    body: {
      slug: SAMPLE.slug,
      _status: 'published',
      authors: [ids.author],
      content: paragraphsToLexical(sample.paragraphs),
      heroImage,
      publishedAt: '2024-03-11T09:00:00.000Z',
      tags: [ids.tag],
      title: sample.title,
    },
    method: 'POST',
  })
  await api('articles', {
    body: {
      slug: HARBOUR.slug,
      _status: 'published',
      authors: [ids.reporter],
      content: richBody(heroImage),
      excerpt: 'The fleet is back at sea.',
      publishedAt: '2024-03-12T09:00:00.000Z',
      title: HARBOUR.title,
    },
    method: 'POST',
  })
  browser = await chromium.launch({
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    executablePath: CHROMIUM,
  })
}, 700_000)

afterAll(async () => {
  await browser?.close()
  server?.process.kill('SIGTERM')
  await server?.finished
  await rm(workDir, { force: true, recursive: true })
})

describe('the article page', () => {
  it('should show exactly the headline, byline, five paragraphs and reading time of the sample', async () => {
    const page = await open(`/news/${SAMPLE.slug}`)
    const shown = {
      byline: await page.locator('.byline').innerText(),
      bylineHref: await page.locator('.byline a').getAttribute('href'),
      headlines: await page.locator('h1').allInnerTexts(),
      paragraphs: await page.locator('.article-body > p').allInnerTexts(),
      readingTime: await page.locator('.reading-time').innerText(),
    }
    expect(shown).toEqual({
      byline: `By ${SAMPLE.author.name}`,
      bylineHref: `/authors/${SAMPLE.author.slug}`,
      headlines: [SAMPLE.title],
      paragraphs: sampleParagraphs,
      readingTime: `${SAMPLE.readingTime} min read`,
    })
    expect(sampleParagraphs).toHaveLength(SAMPLE.paragraphCount)
    await page.screenshot({ fullPage: true, path: path.join(shotsDir || workDir, 'site-article.png') })
    await closePage(page)
  })

  it('should carry its JSON-LD, canonical URL, Open Graph and Twitter tags, feeds and language', async () => {
    const page = await open(`/news/${SAMPLE.slug}`)
    const url = `${base}/news/${SAMPLE.slug}`
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}')
    const attribute = (selector: string, name: string) => page.locator(selector).getAttribute(name)
    expect({
      canonical: await attribute('link[rel=canonical]', 'href'),
      feeds: await page
        .locator('link[rel=alternate]')
        .evaluateAll((links) => links.map((link) => [link.getAttribute('type'), link.getAttribute('href')])),
      headline: jsonLd.headline,
      jsonLdType: jsonLd['@type'],
      jsonLdUrl: jsonLd.url ?? jsonLd.mainEntityOfPage?.['@id'] ?? jsonLd.mainEntityOfPage,
      lang: await attribute('html', 'lang'),
      ogTitle: await attribute('meta[property="og:title"]', 'content'),
      ogType: await attribute('meta[property="og:type"]', 'content'),
      ogUrl: await attribute('meta[property="og:url"]', 'content'),
      twitterCard: await attribute('meta[name="twitter:card"]', 'content'),
    }).toEqual({
      canonical: url,
      feeds: [
        ['application/atom+xml', `${base}/feed.atom`],
        ['application/feed+json', `${base}/feed.json`],
        ['application/rss+xml', `${base}/feed.xml`],
      ],
      headline: SAMPLE.title,
      jsonLdType: 'NewsArticle',
      jsonLdUrl: url,
      lang: 'en',
      ogTitle: SAMPLE.title,
      ogType: 'article',
      ogUrl: url,
      twitterCard: 'summary_large_image',
    })
    await closePage(page)
  })

  it('should load in one navigation, with its own icon: no client hints that make a browser load it twice', async () => {
    const hintsOf = async (pathname: string) => {
      const response = await fetch(`${base}${pathname}`)
      await response.arrayBuffer()
      return [response.status, response.headers.get('critical-ch'), response.headers.get('accept-ch')]
    }
    const page = await open(`/news/${SAMPLE.slug}`)
    const icon = await fetch(new URL((await page.locator('link[rel=icon]').getAttribute('href')) ?? '', base))
    await closePage(page)
    expect({
      // Twice: a miss, then the cached copy.
      article: [await hintsOf(`/news/${SAMPLE.slug}`), await hintsOf(`/news/${SAMPLE.slug}`)],
      home: await hintsOf('/'),
      icon: [icon.status, icon.headers.get('content-type')],
      // The admin panel keeps the hint it picks its theme by.
      login: await hintsOf('/admin/login'),
    }).toEqual({
      article: [
        [200, null, null],
        [200, null, null],
      ],
      home: [200, null, null],
      icon: [200, 'image/svg+xml'],
      login: [200, 'Sec-CH-Prefers-Color-Scheme', 'Sec-CH-Prefers-Color-Scheme'],
    })
  })

  it('should show the hero image at its stored widths with its alt, caption and credit', async () => {
    const page = await open(`/news/${SAMPLE.slug}`)
    const hero = page.locator('.hero img')
    expect({
      alt: await hero.getAttribute('alt'),
      caption: await page.locator('.hero figcaption').innerText(),
      widths: (await hero.getAttribute('srcset'))?.split(', ').map((candidate) => candidate.split(' ')[1]),
    }).toEqual({
      alt: 'Police vehicles outside a courthouse',
      caption: 'A hearing in Salé. Newsdesk / Archive',
      // The 4:3 thumbnail is cropped: left out of a 16:9 picture's candidates.
      widths: ['768w', '1600w'],
    })
    await closePage(page)
  })

  it('should render headings, lists, quotes, links and images in the body through the Lexical converter', async () => {
    const page = await open(`/news/${HARBOUR.slug}`)
    const body = page.locator('.article-body')
    expect({
      heading: await body.locator('h2').innerText(),
      image: [await body.locator('img').getAttribute('alt'), await body.locator('img').getAttribute('srcset')],
      link: await body.locator('a').getAttribute('href'),
      listItems: await body.locator('ul > li').allInnerTexts(),
      quote: await body.locator('blockquote').innerText(),
    }).toEqual({
      heading: 'What changed',
      image: ['Police vehicles outside a courthouse', expect.stringMatching(/ 768w, .+ 1600w$/u)],
      link: 'https://port.example/notices',
      listItems: ['The breakwater held', 'No boat was lost'],
      quote: 'We were lucky this time.',
    })
    await closePage(page)
  })
})

describe('lists', () => {
  it('should list the latest stories on the home page, newest first', async () => {
    const page = await open('/')
    expect(await page.locator('.story-card h2').allInnerTexts()).toEqual([HARBOUR.title, SAMPLE.title])
    await page.screenshot({ fullPage: true, path: path.join(shotsDir || workDir, 'site-home.png') })
    await closePage(page)
  })

  it('should show an author with their bio, avatar and only their stories', async () => {
    const page = await open(`/authors/${SAMPLE.author.slug}`)
    expect({
      name: await page.locator('h1').innerText(),
      avatar: await page.locator('.profile img').getAttribute('alt'),
      bio: await page.locator('.bio').innerText(),
      stories: await page.locator('.story-card h3').allInnerTexts(),
    }).toEqual({
      name: SAMPLE.author.name,
      avatar: `Portrait of ${SAMPLE.author.name}`,
      bio: 'Covers security and the courts.',
      stories: [SAMPLE.title],
    })
    await page.screenshot({ fullPage: true, path: path.join(shotsDir || workDir, 'site-author.png') })
    await closePage(page)
  })

  it('should list the stories filed under a tag, and no other', async () => {
    const page = await open('/tags/security')
    expect([await page.locator('h1').innerText(), await page.locator('.story-card h2').allInnerTexts()]).toEqual([
      'Security',
      [SAMPLE.title],
    ])
    await closePage(page)
  })

  it('should answer 404 with the site’s page for an unknown story and an unknown path', async () => {
    // Next renders its 404 answers from their RSC payload in the browser (src/http/middleware.ts, siteHeaders).
    const context = await browser.newContext()
    const page = await context.newPage()
    const shown = [
      (await page.goto(`${base}/news/no-such-story`))?.status(),
      await page.locator('h1').innerText(),
      (await page.goto(`${base}/no/such/page`))?.status(),
      await page.locator('h1').innerText(),
    ]
    expect(shown).toEqual([404, 'Nothing here', 404, 'Nothing here'])
    await context.close()
  })
})

describe('drafts and preview links', () => {
  it('should keep a draft off the site and show it through its preview link only', async () => {
    const draft = await api('articles?draft=true', {
      body: { slug: 'embargoed-budget', authors: [ids.reporter], title: 'Embargoed: the budget' },
      method: 'POST',
    })
    const link = (await api(`articles/${draft.doc.id}/preview`, { method: 'POST' })) as { token: string; url: string }
    const previewUrl = new URL(link.url)
    const page = await browser.newPage({ javaScriptEnabled: false })
    const shown = [
      (await readPage('/news/embargoed-budget')).status,
      (await page.goto(`${base}${previewUrl.pathname}${previewUrl.search}`))?.status(),
      await page.locator('h1').innerText(),
      await page.locator('.preview-banner').count(),
      // The same token on another story's page previews nothing: that page is what every reader sees.
      (await readPage(`/news/${HARBOUR.slug}?preview=${link.token}`)).html.includes('preview-banner'),
      // An altered token shows nothing of the draft.
      (await readPage(`/news/embargoed-budget?preview=${link.token.slice(0, -2)}xx`)).status,
    ]
    expect(shown).toEqual([404, 200, 'Embargoed: the budget', 1, false, 404])
    const headers = (await fetch(link.url.replace(previewUrl.origin, base))).headers
    expect(headers.get('cache-control')).toMatch(/no-store/u)
    await page.close()
  })
})

describe('live preview in the admin panel', () => {
  it('should show the draft beside the form at each width, as it is typed', async () => {
    const draft = await api('articles?draft=true', {
      body: { slug: 'regatta-postponed', authors: [ids.reporter], title: 'Regatta postponed' },
      method: 'POST',
    })
    const context = await browser.newContext({ viewport: { height: 900, width: 1600 } })
    const page = await context.newPage()
    await page.goto(`${base}/admin/login`)
    await page.fill('#field-email', ADMIN.email)
    await page.fill('#field-password', ADMIN.password)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/admin$/u)
    await page.goto(`${base}/admin/collections/articles/${draft.doc.id}`)
    await page.click('#live-preview-toggler')
    const frame = page.frameLocator('iframe')
    const headline = (name: string) => frame.getByRole('heading', { name, exact: true, level: 1 })
    await headline('Regatta postponed').waitFor()
    const widths: number[] = []
    for (const label of ['Mobile', 'Tablet', 'Desktop']) {
      await page.click('.live-preview-toolbar-controls__breakpoint')
      await page.getByRole('button', { name: label, exact: true }).click()
      await page.waitForTimeout(300)
      // The frame's own width (a wide one may be shown scaled down to fit the pane).
      widths.push(await page.locator('iframe').evaluate((element) => (element as HTMLElement).offsetWidth))
    }
    await page.click('.live-preview-toolbar-controls__breakpoint')
    await page.getByRole('button', { name: 'Mobile', exact: true }).click()
    // Typed key by key, as an editor does: autosave saves at the first pause of 0.4 s, the page refreshes from it.
    await page.locator('#field-title').press('End')
    await page.locator('#field-title').pressSequentially(' by a week', { delay: 60 })
    const typedAt = Date.now()
    await headline('Regatta postponed by a week').waitFor({ timeout: 15_000 })
    const shownAfterMs = Date.now() - typedAt
    await page.screenshot({ path: path.join(shotsDir || workDir, 'site-live-preview.png') })
    await context.close()
    process.stdout.write(`live preview: typed text shown after ${shownAfterMs} ms\n`)
    expect(widths).toStrictEqual([375, 768, 1440])
  })
})

describe('freshness', () => {
  it(`should show a publish, an edit, an unpublish and a trash on the pages within ${FRESH_WITHIN_MS} ms`, async () => {
    const slug = 'lighthouse-keeper-retires'
    await warm('/')
    await warm(`/news/${slug}`)
    const created = await api('articles', {
      body: { slug, _status: 'published', authors: [ids.reporter], title: 'Lighthouse keeper retires' },
      method: 'POST',
    })
    const id = created.doc.id
    const published = await msUntil(`/news/${slug}`, ({ status }) => status === 200)
    const onHome = await msUntil('/', ({ html }) => html.includes('Lighthouse keeper retires'))

    await warm(`/news/${slug}`)
    await api(`articles/${id}`, { body: { title: 'Lighthouse keeper retires after 40 years' }, method: 'PATCH' })
    const edited = await msUntil(`/news/${slug}`, ({ html }) => html.includes('after 40 years'))

    await warm(`/news/${slug}`)
    await api(`articles/${id}`, { body: { _status: 'draft' }, method: 'PATCH' })
    const unpublished = await msUntil(`/news/${slug}`, ({ status }) => status === 404)

    await api(`articles/${id}`, { body: { _status: 'published' }, method: 'PATCH' })
    await msUntil(`/news/${slug}`, ({ status }) => status === 200)
    await warm(`/news/${slug}`)
    await api(`articles/${id}`, { body: { deletedAt: new Date().toISOString() }, method: 'PATCH' })
    const trashed = await msUntil(`/news/${slug}`, ({ status }) => status === 404)

    const times = { edited, onHome, published, trashed, unpublished }
    process.stdout.write(`site freshness (ms): ${JSON.stringify(times)}\n`)
    expect(Object.values(times).every((ms) => ms < FRESH_WITHIN_MS)).toBe(true)
  })
})

describe('accessibility', () => {
  it.each([
    ['home', '/'],
    ['article', `/news/${SAMPLE.slug}`],
    ['author', `/authors/${SAMPLE.author.slug}`],
    ['tag', '/tags/security'],
  ])('should have no axe-core violations on the %s page', async (_name, pathname) => {
    const page = await open(pathname, { hasJavaScript: true })
    const { violations } = await new AxeBuilder({ page }).analyze()
    expect(violations.map((violation) => [violation.id, violation.nodes.map((node) => node.target)])).toEqual([])
    await closePage(page)
  })
})

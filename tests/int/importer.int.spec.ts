import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { TestPayload } from '../helpers/payload'

import { IMPORTER_VERSION, listDocuments } from '../../seed/formats/readSource'
import { importDocuments } from '../../seed/importDocuments'
import { plainTextOf } from '../../utilities/lexicalText'
import { restClient } from '../helpers/api'
import { startPayload } from '../helpers/payload'
import { projectRoot, SAMPLE, sampleParagraphs, samplePath } from '../helpers/sample'

let ctx: TestPayload
let workDir: string

beforeAll(async () => {
  ctx = await startPayload('importer')
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-import-'))
})

afterAll(async () => {
  await ctx.stop()
  await rm(workDir, { force: true, recursive: true })
})

const fixtures = path.join(projectRoot, 'tests/fixtures/import')
const importFiles = (files: string[], options: { isDryRun?: boolean; isForced?: boolean } = {}) =>
  importDocuments({ files, payload: ctx.payload, ...options })
const importOne = async (file: string, options: { isDryRun?: boolean; isForced?: boolean } = {}) =>
  (await importFiles([file], options))[0]
const findArticle = async (slug: string, { draft = false } = {}) =>
  (await ctx.payload.find({ collection: 'articles', depth: 1, draft, where: { slug: { equals: slug } } })).docs[0]
const countVersions = async (id: number | string) =>
  (await ctx.payload.countVersions({ collection: 'articles', where: { parent: { equals: id } } })).totalDocs
const count = async (collection: 'articles' | 'authors' | 'tags') => (await ctx.payload.count({ collection })).totalDocs

/** Writes a story to the work folder and returns its path. */
async function story(name: string, text: string): Promise<string> {
  const file = path.join(workDir, name)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
  return file
}

describe('the sample', () => {
  it('should be created with the contract values on the first run', async () => {
    const report = await importOne(samplePath)
    expect(report).toMatchObject({
      slug: SAMPLE.slug,
      action: 'created',
      authors: [{ name: 'Jérôme', slug: 'jerome', match: 'new-for-review' }],
      file: path.relative(projectRoot, samplePath),
      readingTime: SAMPLE.readingTime,
      wordCount: SAMPLE.wordCount,
    })
    const article = await findArticle(SAMPLE.slug)
    expect(article).toMatchObject({
      _status: 'published',
      readingTime: SAMPLE.readingTime,
      title: SAMPLE.title,
      wordCount: SAMPLE.wordCount,
    })
    expect(article.authors).toEqual([expect.objectContaining(SAMPLE.author)])
    expect(article.excerpt).toBe(sampleParagraphs[0])
    expect(article.content!.root.children).toHaveLength(SAMPLE.paragraphCount)
    expect(plainTextOf(article.content as never)).toBe(sampleParagraphs.join('\n\n'))
  })

  it('should store provenance: path, content hash, importer version and import time', async () => {
    const article = await findArticle(SAMPLE.slug)
    expect(article.source).toEqual({
      contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      hasEditsSinceImport: false,
      importedAt: expect.any(String),
      importerVersion: IMPORTER_VERSION,
      path: 'seed/documents/moroccos-proactive-anti-terror-strategy.txt',
    })
  })

  it('should hide provenance and the review flag from anonymous readers', async () => {
    const rest = restClient(ctx.config)
    const articles = await rest.get(`/articles?where[slug][equals]=${SAMPLE.slug}`)
    const authors = await rest.get('/authors?where[slug][equals]=jerome')
    expect(articles.body.docs[0].title).toBe(SAMPLE.title)
    expect(articles.body.docs[0]).not.toHaveProperty('source')
    expect(authors.body.docs[0].name).toBe('Jérôme')
    expect(authors.body.docs[0]).not.toHaveProperty('needsReview')
  })
})

describe('the fixture corpus', () => {
  const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >

  it('should store every good fixture with its expected values and refuse every bad one with its line', async () => {
    const files = await listDocuments([path.join(fixtures, 'good'), path.join(fixtures, 'bad')])
    const reports = await importFiles(files)
    for (const report of reports) {
      const want = expected[path.relative('tests/fixtures/import', report.file)]
      if ('error' in want) {
        expect({ action: report.action, error: report.error, line: report.line }).toEqual({ action: 'failed', ...want })
        continue
      }
      expect(report.action).not.toBe('failed')
      const article = await findArticle(want.slug as string)
      expect({
        authors: (article.authors as Array<{ name: string }>).map((author) => author.name),
        readingTime: article.readingTime,
        text: plainTextOf(article.content as never),
        title: article.title,
        wordCount: article.wordCount,
      }).toEqual({
        authors: want.authors,
        readingTime: want.readingTime,
        text: (want.blocks as Array<[string, string]>).map(([, text]) => text).join('\n\n'),
        title: want.title,
        wordCount: want.wordCount,
      })
      if (want.tags) {
        expect((article.tags as Array<{ name: string }>).map((tag) => tag.name)).toEqual(want.tags)
      }
      if (want.publishedAt) {
        expect(new Date(article.publishedAt!).toISOString()).toBe(want.publishedAt)
      }
      if (want.excerpt) {
        expect(article.excerpt).toBe(want.excerpt)
      }
    }
    expect(reports.filter((report) => report.action === 'failed')).toHaveLength(
      Object.values(expected).filter((want) => 'error' in want).length,
    )
  })
})

describe('overwrite policy', () => {
  it('unchanged: should write nothing and add no version when the file did not change', async () => {
    const before = await findArticle(SAMPLE.slug)
    const versions = await countVersions(before.id)
    const report = await importOne(samplePath)
    const after = await findArticle(SAMPLE.slug)
    expect(report.action).toBe('unchanged')
    expect(after.updatedAt).toBe(before.updatedAt)
    expect(after.source!.importedAt).toBe(before.source!.importedAt)
    expect(await countVersions(before.id)).toBe(versions)
  })

  it('updated: should update an article nobody edited in the CMS when its file changed', async () => {
    const file = await story(
      'policy/updated.txt',
      'Harbour reopens\nBy Lina Saber\n\nThe harbour reopened on Monday.\n',
    )
    const first = await importOne(file)
    await writeFile(file, 'Harbour reopens\nBy Lina Saber\n\nThe harbour reopened on Monday after repairs.\n')
    const versions = await countVersions((await findArticle(first.slug!)).id)
    const report = await importOne(file)
    const article = await findArticle(first.slug!)
    expect([first.action, report.action]).toEqual(['created', 'updated'])
    expect(plainTextOf(article.content as never)).toBe('The harbour reopened on Monday after repairs.')
    expect(article.wordCount).toBe(7)
    expect(article.excerpt).toBe('The harbour reopened on Monday after repairs.')
    expect(await countVersions(article.id)).toBe(versions + 1)
  })

  it('conflict: should leave an article edited in the CMS alone when its file changed', async () => {
    const file = await story('policy/conflict.txt', 'Dam levels rise\nBy Lina Saber\n\nThe dams are at 40 percent.\n')
    const { slug } = await importOne(file)
    const imported = await findArticle(slug!)
    await ctx.payload.update({ id: imported.id, collection: 'articles', data: { excerpt: 'An editor’s dek.' } })
    await writeFile(file, 'Dam levels rise\nBy Lina Saber\n\nThe dams are at 45 percent.\n')
    const versions = await countVersions(imported.id)

    const report = await importOne(file)

    const article = await findArticle(slug!)
    expect(report).toMatchObject({ action: 'conflict', reason: expect.stringContaining('edited in the CMS') })
    expect(article.excerpt).toBe('An editor’s dek.')
    expect(plainTextOf(article.content as never)).toBe('The dams are at 40 percent.')
    expect(article.source!.hasEditsSinceImport).toBe(true)
    expect(await countVersions(article.id)).toBe(versions)
  })

  it('forced: should overwrite the edited article with --force and clear its edit mark', async () => {
    const file = path.join(workDir, 'policy/conflict.txt')
    const report = await importOne(file, { isForced: true })
    const article = await findArticle(report.slug!)
    expect(report.action).toBe('updated')
    expect(plainTextOf(article.content as never)).toBe('The dams are at 45 percent.')
    expect(article.source!.hasEditsSinceImport).toBe(false)
  })

  it('conflict: should neither publish nor discard an editor’s pending draft', async () => {
    const file = await story(
      'policy/draft.txt',
      'Wildfire contained\nBy Lina Saber\n\nCrews contained the fire overnight.\n',
    )
    const { slug } = await importOne(file)
    const published = await findArticle(slug!)
    await ctx.payload.update({
      id: published.id,
      collection: 'articles',
      data: { title: 'Rewrite in progress' },
      draft: true,
    })
    await writeFile(file, 'Wildfire contained\nBy Lina Saber\n\nCrews contained the fire overnight, officials said.\n')

    const report = await importOne(file)

    const live = await ctx.payload.findByID({ id: published.id, collection: 'articles' })
    const draft = await ctx.payload.findByID({ id: published.id, collection: 'articles', draft: true })
    expect(report.action).toBe('conflict')
    expect([live.title, live._status]).toEqual(['Wildfire contained', 'published'])
    expect([draft.title, draft._status]).toEqual(['Rewrite in progress', 'draft'])
  })

  it('conflict: should leave an article in the trash there, even with --force', async () => {
    const file = await story('policy/trashed.txt', 'Retracted story\nBy Lina Saber\n\nThis story was retracted.\n')
    const { slug } = await importOne(file)
    const article = await findArticle(slug!)
    await ctx.payload.update({ id: article.id, collection: 'articles', data: { deletedAt: new Date().toISOString() } })

    const again = await importOne(file)
    await writeFile(file, 'Retracted story\nBy Lina Saber\n\nThis story was retracted, then edited.\n')
    const forced = await importOne(file, { isForced: true })

    for (const report of [again, forced]) {
      expect(report).toMatchObject({ action: 'conflict', reason: expect.stringContaining('in the CMS trash') })
    }
    expect(await findArticle(slug!)).toBeUndefined()
    const trashed = await ctx.payload.findByID({ id: article.id, collection: 'articles', trash: true })
    expect(plainTextOf(trashed.content as never)).toBe('This story was retracted.')
  })

  it('conflict: should not take over an article written in the CMS that has the title’s slug', async () => {
    await ctx.payload.create({
      collection: 'articles',
      data: { _status: 'published', title: 'Budget vote delayed' },
    })
    const file = await story('policy/cms-owned.txt', 'Budget vote delayed\n\nThe vote moved to Thursday.\n')
    const report = await importOne(file)
    const article = await findArticle('budget-vote-delayed')
    expect(report).toMatchObject({ action: 'conflict', reason: expect.stringContaining('written in the CMS') })
    expect(article.content).toBeFalsy()
    expect(article.source?.contentHash ?? null).toBeNull()
  })

  it('should give a second file with the same headline its own article', async () => {
    const one = await story('same-title/one.txt', 'Weather update\n\nSun in the north.\n')
    const two = await story('same-title/two.txt', 'Weather update\n\nRain in the south.\n')
    const reports = await importFiles([one, two])
    expect(reports.map((report) => [report.action, report.slug])).toEqual([
      ['created', 'weather-update'],
      ['created', 'weather-update-2'],
    ])
    expect(reports[1].warnings).toEqual([
      expect.stringContaining(`belongs to the article imported from ${one}`),
      'the slug weather-update is taken; created as weather-update-2',
    ])
    expect((await importFiles([one, two])).map((report) => report.action)).toEqual(['unchanged', 'unchanged'])
  })

  it('should leave a copy of an imported file alone, naming the original', async () => {
    const copy = path.join(workDir, 'copies/sample.txt')
    await mkdir(path.dirname(copy), { recursive: true })
    await copyFile(samplePath, copy)
    expect(await importOne(copy)).toMatchObject({
      slug: SAMPLE.slug,
      action: 'unchanged',
      warnings: [`same bytes as ${path.relative(projectRoot, samplePath)}, already imported as ${SAMPLE.slug}`],
    })
  })

  it('should write nothing for a moved file, even with --force, and follow it when it changes', async () => {
    const before = await story('moves/old-name.txt', 'Metro line opens\nBy Lina Saber\n\nThe line opened at dawn.\n')
    const { slug } = await importOne(before)
    const after = path.join(workDir, 'moves/archive/new-name.txt')
    await mkdir(path.dirname(after), { recursive: true })
    await rename(before, after)
    const versions = await countVersions((await findArticle(slug!)).id)
    const moved = await importOne(after, { isForced: true })
    expect(moved).toMatchObject({
      slug,
      action: 'unchanged',
      warnings: [`moved from ${before} (the stored path follows when the file next changes)`],
    })
    expect(await countVersions((await findArticle(slug!)).id)).toBe(versions)
    await writeFile(after, 'Metro line opens\nBy Lina Saber\n\nThe line opened at dawn on Monday.\n')
    expect(await importOne(after)).toMatchObject({ slug, action: 'updated' })
    expect((await findArticle(slug!)).source!.path).toBe(after)
    expect(
      (await ctx.payload.count({ collection: 'articles', where: { title: { equals: 'Metro line opens' } } })).totalDocs,
    ).toBe(1)
  })

  it('should forget an article’s old bytes once it is updated within the same run', async () => {
    // Regression: the run's index kept the old hash, so an old copy imported after the update was taken for
    // the same document and reported unchanged, while a later run created it.
    const current = await story('index/story.txt', 'Dam opens\n\nFirst version.\n')
    await importOne(current)
    await writeFile(current, 'Dam opens\n\nSecond version.\n')
    const old = await story('index/story_v1.txt', 'Dam opens\n\nFirst version.\n')
    const reports = await importFiles([current, old])
    expect(reports.map((report) => [report.action, report.slug])).toEqual([
      ['updated', 'dam-opens'],
      ['created', 'dam-opens-2'],
    ])
  })

  it('should let a renamed and edited file take over its article instead of duplicating it', async () => {
    const before = await story('renames/port.txt', 'Port strike enters second week\n\nDockers stayed out.\n')
    const { slug } = await importOne(before)
    const after = path.join(workDir, 'renames/port-strike.txt')
    await rename(before, after)
    await writeFile(after, 'Port strike enters second week\n\nDockers stayed out on Monday.\n')
    const report = await importOne(after)
    expect(report).toMatchObject({ slug, action: 'updated' })
    expect(report.warnings).toEqual([`takes over the article imported from ${before}, a file that no longer exists`])
    expect(
      (
        await ctx.payload.count({
          collection: 'articles',
          where: { title: { equals: 'Port strike enters second week' } },
        })
      ).totalDocs,
    ).toBe(1)
  })

  it('conflict: should not let a second file take a slug its front matter names when another file owns it', async () => {
    const first = await story('slugs/c.md', '---\ntitle: Story C\nslug: shared-slug\n---\n\nC.\n')
    const second = await story('slugs/d.md', '---\ntitle: Story D\nslug: shared-slug\n---\n\nD.\n')
    for (let run = 0; run < 2; run += 1) {
      const reports = await importFiles([first, second])
      expect(reports.map((report) => report.action)).toEqual([run === 0 ? 'created' : 'unchanged', 'conflict'])
      expect(reports[1].reason).toBe(`the slug shared-slug belongs to the article imported from ${first}`)
    }
    expect((await importFiles([second], { isForced: true }))[0].action).toBe('conflict')
    expect((await findArticle('shared-slug')).title).toBe('Story C')
  })

  it('should keep API writes from forging or clearing provenance', async () => {
    const article = await findArticle(SAMPLE.slug)
    await ctx.payload.update({
      id: article.id,
      collection: 'articles',
      data: { source: { contentHash: 'sha256:forged', hasEditsSinceImport: false, path: 'elsewhere.txt' } } as never,
    })
    const after = await findArticle(SAMPLE.slug)
    expect(after.source).toMatchObject({
      contentHash: article.source!.contentHash,
      hasEditsSinceImport: true,
      path: article.source!.path,
    })
    const created = await ctx.payload.create({
      collection: 'articles',
      data: { source: { contentHash: 'sha256:forged', path: 'x.txt' }, title: 'Forged provenance' } as never,
    })
    expect(created.source?.contentHash ?? null).toBeNull()
  })
})

describe('authors', () => {
  it('should match a first-name byline to the only author with that first name', async () => {
    await ctx.payload.create({ collection: 'authors', data: { name: 'Driss Alaoui' } })
    const file = await story('authors/driss.txt', 'Night market opens\n– by Driss\n\nStalls open at eight.\n')
    const report = await importOne(file)
    const article = await findArticle(report.slug!)
    expect(report.authors).toEqual([{ name: 'Driss', slug: 'driss', match: 'first-name' }])
    expect(article.authors).toEqual([expect.objectContaining({ name: 'Driss Alaoui' })])
  })

  it('should create a flagged author when two authors share the first name', async () => {
    await ctx.payload.create({ collection: 'authors', data: { name: 'Hiba Tahiri' } })
    await ctx.payload.create({ collection: 'authors', data: { name: 'Hiba Bennis' } })
    const file = await story('authors/hiba.txt', 'Library extends hours\nBy Hiba\n\nThe library now closes at ten.\n')
    const report = await importOne(file)
    const [author] = (await ctx.payload.find({ collection: 'authors', where: { slug: { equals: 'hiba' } } })).docs
    expect(report.authors).toEqual([{ name: 'Hiba', slug: 'hiba', match: 'new-for-review' }])
    expect(report.warnings).toEqual([
      expect.stringMatching(/2 authors have that first name \(Hiba (Tahiri|Bennis), Hiba (Tahiri|Bennis)\)/),
    ])
    expect(author.needsReview).toBe(true)
  })

  it('should match full names by slug and not flag them', async () => {
    const file = await story(
      'authors/full.txt',
      'Ferry timetable changes\nBy Hiba Tahiri and Nour Lahlou\n\nFerries leave earlier.\n',
    )
    const report = await importOne(file)
    const nour = (await ctx.payload.find({ collection: 'authors', where: { slug: { equals: 'nour-lahlou' } } })).docs[0]
    expect(report.authors!.map((author) => author.match)).toEqual(['slug', 'new'])
    expect(nour.needsReview).toBe(false)
  })
})

describe('warnings', () => {
  it('should warn when the stated reading time disagrees, and store the computed one', async () => {
    const file = await story(
      'warnings/stated.txt',
      'Tram strike ends\nBy Amina Bennani · 4 min read\n\nThe strike ended on Friday.\n',
    )
    const report = await importOne(file)
    const article = await findArticle('tram-strike-ends')
    expect(report.warnings).toEqual(['the byline states 4 min read; the text reads in 1 min (stored)'])
    expect(article.readingTime).toBe(1)
    expect((await importOne(file)).warnings).toEqual([])
  })
})

describe('dry run', () => {
  it('should report what would happen and write nothing', async () => {
    const file = await story('dry/new.txt', 'Stadium roof approved\nBy Imane Dry-Run\n\nWork starts in May.\n')
    const before = await Promise.all([count('articles'), count('authors'), count('tags')])
    const [created, unchanged] = await importFiles([file, samplePath], { isDryRun: true })
    expect(created).toMatchObject({
      slug: 'stadium-roof-approved',
      action: 'created',
      authors: [{ name: 'Imane Dry-Run', match: 'new' }],
    })
    expect(unchanged.action).toBe('unchanged')
    expect(await Promise.all([count('articles'), count('authors'), count('tags')])).toEqual(before)
  })

  it('should predict the -2 slug of a second new file with the same headline, as the real run gives', async () => {
    const one = await story('dry/same-1.txt', 'Ferry service resumes\n\nBoats sail again.\n')
    const two = await story('dry/same-2.txt', 'Ferry service resumes\n\nThe ferries sail again.\n')
    const planned = await importFiles([one, two], { isDryRun: true })
    const real = await importFiles([one, two])
    expect(planned.map((report) => [report.action, report.slug])).toEqual(
      real.map((report) => [report.action, report.slug]),
    )
    expect(real.map((report) => report.slug)).toEqual(['ferry-service-resumes', 'ferry-service-resumes-2'])
  })
})

describe('failures', () => {
  it('should report an unreadable file by path and go on with the next', async () => {
    const missing = path.join(workDir, 'missing.txt')
    const good = await story(
      'failures/good.txt',
      'Council approves budget\nBy Ana Li\n\nThe council approved the budget on Tuesday.\n',
    )
    const [failed, created] = await importFiles([missing, good])
    expect(failed).toMatchObject({ action: 'failed', error: expect.stringContaining('ENOENT'), file: missing })
    expect(created).toMatchObject({ slug: 'council-approves-budget', action: 'created' })
  })

  it('should write the rest of a batch when one of its documents fails, leaving nothing of that one', async () => {
    const files = [
      await story('batch/1.txt', 'Batch story one\nBy Rim Batch\n\nFirst.\n'),
      await story('batch/2.txt', 'Batch story two\nBy Nabil Doomed\n\nSecond.\n'),
      await story('batch/3.txt', 'Batch story three\nBy Rim Batch\n\nThird.\n'),
    ]
    const create = ctx.payload.create.bind(ctx.payload)
    const spy = jest.spyOn(ctx.payload, 'create').mockImplementation((async (options: {
      collection: string
      data: { title?: string }
    }) => {
      if (options.collection === 'articles' && options.data.title === 'Batch story two') {
        throw new Error('rejected (injected)')
      }
      return create(options as never)
    }) as never)
    let reports
    try {
      reports = await importFiles(files)
    } finally {
      spy.mockRestore()
    }
    expect(reports.map((report) => [report.action, report.error])).toEqual([
      ['created', undefined],
      ['failed', 'rejected (injected)'],
      ['created', undefined],
    ])
    expect(
      (await ctx.payload.count({ collection: 'authors', where: { slug: { equals: 'nabil-doomed' } } })).totalDocs,
    ).toBe(0)
    expect(
      (await ctx.payload.count({ collection: 'authors', where: { slug: { equals: 'rim-batch' } } })).totalDocs,
    ).toBe(1)
    expect(await findArticle('batch-story-two')).toBeUndefined()
  })

  it('should leave no author behind when writing the article fails', async () => {
    const file = await story(
      'failures/fails.txt',
      'Doomed story\nBy Nadia Rolled-Back\n\nThis article cannot be written.\n',
    )
    const create = ctx.payload.create.bind(ctx.payload)
    const spy = jest.spyOn(ctx.payload, 'create').mockImplementation((async (options: { collection: string }) => {
      if (options.collection === 'articles') {
        throw new Error('disk full (injected)')
      }
      return create(options as never)
    }) as never)
    try {
      expect(await importOne(file)).toMatchObject({ action: 'failed', error: 'disk full (injected)' })
    } finally {
      spy.mockRestore()
    }
    const authors = await ctx.payload.find({ collection: 'authors', where: { slug: { equals: 'nadia-rolled-back' } } })
    expect(authors.totalDocs).toBe(0)
    expect(await importOne(file)).toMatchObject({
      action: 'created',
      authors: [{ name: 'Nadia Rolled-Back', match: 'new' }],
    })
  })
})

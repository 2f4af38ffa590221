import { jest } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { TestPayload } from '../helpers/payload'

import { importDocuments } from '../../seed/importDocuments'
import { plainTextOf } from '../../utilities/lexicalText'
import { startPayload } from '../helpers/payload'
import { SAMPLE, sampleParagraphs, samplePath, sampleText } from '../helpers/sample'

let ctx: TestPayload
let workDir: string

beforeAll(async () => {
  ctx = await startPayload('seed')
  workDir = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-seed-'))
})

afterAll(async () => {
  await ctx.stop()
  await rm(workDir, { force: true, recursive: true })
})

const findArticle = async (slug: string) =>
  (await ctx.payload.find({ collection: 'articles', depth: 1, where: { slug: { equals: slug } } })).docs[0]
const countVersions = async (id: number | string) =>
  (await ctx.payload.countVersions({ collection: 'articles', where: { parent: { equals: id } } })).totalDocs

describe('importing the sample', () => {
  it('should create the article with the contract values on the first run', async () => {
    const [report] = await importDocuments({ files: [samplePath], payload: ctx.payload })
    expect(report).toEqual({ action: 'created', file: samplePath, slug: SAMPLE.slug })
    const article = await findArticle(SAMPLE.slug)
    expect(article).toMatchObject({
      _status: 'published',
      readingTime: SAMPLE.readingTime,
      title: SAMPLE.title,
      wordCount: SAMPLE.wordCount,
    })
    expect(article!.authors).toEqual([expect.objectContaining(SAMPLE.author)])
    expect(article!.excerpt).toBe(sampleParagraphs[0])
    expect(article!.publishedAt).toEqual(expect.any(String))
  })

  it('should store one paragraph node per source paragraph with the exact text', async () => {
    const article = await findArticle(SAMPLE.slug)
    expect(article!.content!.root.children).toHaveLength(SAMPLE.paragraphCount)
    expect(plainTextOf(article!.content as never)).toBe(sampleParagraphs.join('\n\n'))
  })

  it('should change nothing and add no version on a second run', async () => {
    const before = await findArticle(SAMPLE.slug)
    const versionsBefore = await countVersions(before!.id)
    const [report] = await importDocuments({ files: [samplePath], payload: ctx.payload })
    const after = await findArticle(SAMPLE.slug)
    expect(report!.action).toBe('unchanged')
    expect(after!.updatedAt).toBe(before!.updatedAt)
    expect(await countVersions(before!.id)).toBe(versionsBefore)
    expect((await ctx.payload.count({ collection: 'authors' })).totalDocs).toBe(1)
    expect((await ctx.payload.count({ collection: 'articles' })).totalDocs).toBe(1)
  })

  it('should update the article when its source paragraphs change', async () => {
    const edited = path.join(workDir, 'edited.txt')
    await writeFile(edited, `${sampleText.trimEnd()}\n\nA correction was appended.\n`)
    const before = await findArticle(SAMPLE.slug)
    const versionsBefore = await countVersions(before!.id)
    const [report] = await importDocuments({ files: [edited], payload: ctx.payload })
    const after = await findArticle(SAMPLE.slug)
    expect(report!.action).toBe('updated')
    expect(after!.id).toBe(before!.id)
    expect(after!.content!.root.children).toHaveLength(SAMPLE.paragraphCount + 1)
    expect(after!.wordCount).toBe(SAMPLE.wordCount + 4)
    expect(await countVersions(after!.id)).toBe(versionsBefore + 1)
  })
})

describe('bad documents', () => {
  it('should report an empty document with its path and line and still import the others', async () => {
    const empty = path.join(workDir, 'empty.txt')
    const good = path.join(workDir, 'good.txt')
    await writeFile(empty, '\n\n')
    await writeFile(good, 'Council approves budget\nBy Ana Li\n\nThe council approved the budget on Tuesday.\n')
    const reports = await importDocuments({ files: [empty, good], payload: ctx.payload })
    expect(reports).toEqual([
      { action: 'failed', error: 'no headline: the document is empty', file: empty, line: 1 },
      { action: 'created', file: good, slug: 'council-approves-budget' },
    ])
  })

  it('should report an unreadable file by path', async () => {
    const missing = path.join(workDir, 'missing.txt')
    const [report] = await importDocuments({ files: [missing], payload: ctx.payload })
    expect(report).toMatchObject({ action: 'failed', file: missing })
    expect((report as { error: string }).error).toContain('ENOENT')
  })

  it('should leave no author behind when writing the article fails', async () => {
    const file = path.join(workDir, 'fails.txt')
    await writeFile(file, 'Doomed story\nBy Nadia Rolled-Back\n\nThis article cannot be written.\n')
    const create = ctx.payload.create.bind(ctx.payload)
    const spy = jest.spyOn(ctx.payload, 'create').mockImplementation((async (options: { collection: string }) => {
      if (options.collection === 'articles') {
        throw new Error('disk full (injected)')
      }
      return create(options as never)
    }) as never)
    try {
      const [report] = await importDocuments({ files: [file], payload: ctx.payload })
      expect(report).toMatchObject({ action: 'failed', error: 'disk full (injected)' })
    } finally {
      spy.mockRestore()
    }
    const authors = await ctx.payload.find({ collection: 'authors', where: { slug: { equals: 'nadia-rolled-back' } } })
    expect(authors.totalDocs).toBe(0)
  })
})

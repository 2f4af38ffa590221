import type { SanitizedServerEditorConfig } from '@payloadcms/richtext-lexical'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { DocumentParseError } from '../../seed/formats/parse'
import { listDocuments, readSource } from '../../seed/formats/readSource'
import configPromise from '../../src/payload.config'
import { plainTextOf } from '../../utilities/lexicalText'
import { countWords, readingTimeMinutes } from '../../utilities/readingTime'
import { toSlug } from '../../utilities/slugify'
import { projectRoot } from '../helpers/sample'

type Expected = {
  authors: string[]
  blocks: Array<[string, string]>
  excerpt?: string
  publishedAt?: string
  readingTime: number
  slug: string
  statedReadingTime?: number
  tags?: string[]
  title: string
  warnings?: string[]
  wordCount: number
}
type ExpectedError = { error: string; line: number }

const fixtures = path.join(projectRoot, 'tests/fixtures/import')
const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Record<
  string,
  Expected | ExpectedError
>
const good = Object.entries(expected).filter((entry): entry is [string, Expected] => !('error' in entry[1]))
const bad = Object.entries(expected).filter((entry): entry is [string, ExpectedError] => 'error' in entry[1])

let editorConfig: SanitizedServerEditorConfig
beforeAll(async () => {
  editorConfig = await editorConfigFactory.default({ config: await configPromise })
})

const read = (name: string) => readSource({ cwd: projectRoot, editorConfig, file: path.join(fixtures, name) })

describe('the fixture corpus', () => {
  it('should list every fixture when given the folders, nested ones included', async () => {
    const files = await listDocuments([path.join(fixtures, 'good'), path.join(fixtures, 'bad')])
    expect(files.map((file) => path.relative(fixtures, file))).toEqual(Object.keys(expected).sort())
  })

  it.each(good)('should read %s with the expected fields, blocks byte-exact', async (name, want) => {
    const { document, source } = await read(name)
    const blocks = document.content.root.children.map((node) => [
      'tag' in node && (node.type === 'heading' || node.type === 'list')
        ? `${node.type}:${String(node.tag)}`
        : node.type,
      plainTextOf({ root: { ...document.content.root, children: [node] } }),
    ])
    const words = countWords(plainTextOf(document.content))
    expect({
      slug: toSlug(document.slug ?? document.title, 'article'),
      authors: document.authors,
      blocks,
      excerpt: document.excerpt,
      publishedAt: document.publishedAt,
      readingTime: readingTimeMinutes(words),
      statedReadingTime: document.statedReadingTime,
      tags: document.tags,
      title: document.title,
      warnings: document.warnings,
      wordCount: words,
    }).toEqual({
      excerpt: undefined,
      publishedAt: undefined,
      statedReadingTime: undefined,
      tags: undefined,
      warnings: undefined,
      ...want,
    })
    expect(source.path).toBe(`tests/fixtures/import/${name}`)
    expect(source.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it.each(bad)('should refuse %s, naming the line', async (name, want) => {
    const error = await read(name).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(DocumentParseError)
    expect({ error: (error as DocumentParseError).message, line: (error as DocumentParseError).line }).toEqual(want)
  })
})

describe('stored text is normalised', () => {
  it('should store NFD input as NFC', async () => {
    const { document } = await read('good/nfd.txt')
    const text = `${document.title}\n${plainTextOf(document.content)}`
    expect(text).toBe(text.normalize('NFC'))
    expect(readFileSync(path.join(fixtures, 'good/nfd.txt'), 'utf8')).not.toBe(
      readFileSync(path.join(fixtures, 'good/nfd.txt'), 'utf8').normalize('NFC'),
    )
  })

  it('should hash the bytes, so a BOM or CRLF change is a change of source', async () => {
    const { source } = await read('good/bom-crlf.txt')
    const { createHash } = await import('node:crypto')
    const bytes = readFileSync(path.join(fixtures, 'good/bom-crlf.txt'))
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(source.contentHash).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`)
  })
})

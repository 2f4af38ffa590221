import type { SourceDocument } from '../../seed/formats/document'
import type { ArticleSummary, Candidate, Candidates } from '../../seed/writer/plan'

import { paragraphsToLexical } from '../../seed/formats/lexical'
import { IMPORTER_VERSION } from '../../seed/formats/readSource'
import { planDocument } from '../../seed/writer/plan'

// The overwrite policy and the matching rules of README.md, "Seeding and importing", one test per row.

const OLD_HASH = `sha256:${'a'.repeat(64)}`
const NEW_HASH = `sha256:${'b'.repeat(64)}`
const IMPORTED_AT = '2026-11-29T08:30:00.000Z'
const FILE = 'archive/ferry.txt'
const SLUG = 'ferry-service-resumes'

const document = (overrides: Partial<SourceDocument> = {}): SourceDocument => ({
  authors: ['Ana Li'],
  content: paragraphsToLexical(['Boats sail again from Monday.']),
  title: 'Ferry service resumes',
  ...overrides,
})

/** An article imported from `path` with `contentHash`, untouched in the CMS since. */
const imported = (overrides: { contentHash?: string; path?: string } & Partial<Candidate> = {}): Candidate => {
  const { contentHash = OLD_HASH, path = FILE, ...rest } = overrides
  return {
    id: 7,
    slug: SLUG,
    deletedAt: null,
    hasSourceFile: true,
    source: { contentHash, hasEditsSinceImport: false, path },
    ...rest,
  }
}

/** An article written in the CMS: no provenance. */
const writtenInCms: Candidate = { id: 9, slug: SLUG, deletedAt: null, hasSourceFile: false, source: {} }

const plan = ({
  candidates = {},
  isForced = false,
  latest,
  overrides = {},
}: {
  candidates?: Candidates
  isForced?: boolean
  latest?: ArticleSummary
  overrides?: Partial<SourceDocument>
} = {}) =>
  planDocument({
    candidates,
    document: document(overrides),
    importedAt: IMPORTED_AT,
    isForced,
    ...(latest ? { latest } : {}),
    source: { contentHash: NEW_HASH, path: FILE },
  })

describe('planDocument: overwrite policy', () => {
  it('should create a new file as a published article with the source it came from', () => {
    expect(plan()).toEqual({
      slug: SLUG,
      action: 'created',
      authors: ['Ana Li'],
      byline: ['Ana Li'],
      data: {
        slug: SLUG,
        _status: 'published',
        content: document().content,
        excerpt: null,
        source: {
          contentHash: NEW_HASH,
          hasEditsSinceImport: false,
          importedAt: IMPORTED_AT,
          importerVersion: IMPORTER_VERSION,
          path: FILE,
        },
        title: 'Ferry service resumes',
      },
      readingTime: 1,
      warnings: [],
      wordCount: 5,
    })
  })

  it.each([
    { name: 'plainly', isForced: false },
    { name: 'even with --force', isForced: true },
  ])('should leave an article whose file did not change unchanged, $name', ({ isForced }) => {
    expect(plan({ candidates: { samePath: imported({ contentHash: NEW_HASH }) }, isForced })).toMatchObject({
      slug: SLUG,
      action: 'unchanged',
      warnings: [],
    })
  })

  it('should leave an article whose file only moved unchanged, its old path named', () => {
    const moved = imported({ contentHash: NEW_HASH, hasSourceFile: false, path: 'old/ferry.txt' })
    expect(plan({ candidates: { sameBytes: moved } })).toEqual({
      slug: SLUG,
      action: 'unchanged',
      byline: ['Ana Li'],
      readingTime: 1,
      warnings: ['moved from old/ferry.txt (the stored path follows when the file next changes)'],
      wordCount: 5,
    })
  })

  it('should update an article whose file changed and which nobody saved in the CMS since', () => {
    expect(plan({ candidates: { samePath: imported() } })).toMatchObject({
      slug: SLUG,
      action: 'updated',
      articleId: 7,
      data: { _status: 'published', source: { contentHash: NEW_HASH, hasEditsSinceImport: false, path: FILE } },
      warnings: [],
    })
  })

  it.each([
    {
      id: 7,
      name: 'was saved in the CMS since its import',
      candidates: { samePath: imported({ source: { contentHash: OLD_HASH, hasEditsSinceImport: true, path: FILE } }) },
      reason: 'the article was edited in the CMS since its last import; --force overwrites it',
    },
    {
      id: 9,
      name: 'was written in the CMS',
      candidates: { sameSlug: writtenInCms },
      reason: 'an article written in the CMS already has this slug; --force overwrites it',
    },
  ])('should refuse, as a conflict, a changed file whose article $name', ({ id, candidates, reason }) => {
    expect(plan({ candidates })).toMatchObject({ slug: SLUG, action: 'conflict', articleId: id, reason })
  })

  it.each([
    {
      id: 7,
      candidates: { samePath: imported({ source: { contentHash: OLD_HASH, hasEditsSinceImport: true, path: FILE } }) },
    },
    { id: 9, candidates: { sameSlug: writtenInCms } },
  ])('should overwrite with --force an article edited or written in the CMS (id $id)', ({ id, candidates }) => {
    expect(plan({ candidates, isForced: true })).toMatchObject({ slug: SLUG, action: 'updated', articleId: id })
  })

  it.each([
    { contentHash: NEW_HASH, file: 'unchanged', isForced: false },
    { contentHash: OLD_HASH, file: 'changed', isForced: false },
    { contentHash: OLD_HASH, file: 'changed', isForced: true },
  ])('should refuse an article in the CMS trash (file $file, forced: $isForced)', ({ contentHash, isForced }) => {
    const trashed = imported({ contentHash, deletedAt: '2026-11-30T10:00:00.000Z' })
    expect(plan({ candidates: { samePath: trashed }, isForced })).toEqual({
      slug: SLUG,
      action: 'conflict',
      byline: ['Ana Li'],
      readingTime: 1,
      reason:
        'the article is in the CMS trash; to import it again, restore it there and run with --force (restoring counts as an edit)',
      warnings: [],
      wordCount: 5,
    })
  })

  it('should judge the article as read again over the candidate, so a save since the index was read counts', () => {
    const latest = { id: 7, slug: SLUG, source: { contentHash: OLD_HASH, hasEditsSinceImport: true, path: FILE } }
    expect(plan({ candidates: { samePath: imported() }, latest })).toMatchObject({
      action: 'conflict',
      articleId: 7,
      reason: 'the article was edited in the CMS since its last import; --force overwrites it',
    })
  })

  it('should keep the existing slug on update when the source states none', () => {
    const updated = plan({ candidates: { samePath: imported({ slug: 'ferry-resumes' }) } })
    expect(updated).toMatchObject({ slug: 'ferry-resumes', action: 'updated' })
    expect(updated).not.toHaveProperty('data.slug')
  })

  it('should ask for the stated slug on update when the source states one', () => {
    const updated = plan({
      candidates: { samePath: imported({ slug: 'ferry-resumes' }) },
      overrides: { slug: 'ferries-back' },
    })
    expect(updated).toMatchObject({ slug: 'ferry-resumes', action: 'updated', data: { slug: 'ferries-back' } })
  })
})

describe('planDocument: which article a document is', () => {
  it('should take the article imported from the same path over one with its slug', () => {
    const other = imported({ id: 8, path: 'other/ferry.txt' })
    expect(plan({ candidates: { samePath: imported(), sameSlug: other } })).toMatchObject({
      action: 'updated',
      articleId: 7,
    })
  })

  it('should take the article of a copied file (same bytes, old path still there) and write nothing', () => {
    const copied = imported({ slug: 'ferry-copy', contentHash: NEW_HASH, path: 'old/ferry.txt' })
    expect(plan({ candidates: { sameBytes: copied } })).toMatchObject({
      slug: 'ferry-copy',
      action: 'unchanged',
      warnings: ['same bytes as old/ferry.txt, already imported as ferry-copy'],
    })
  })

  it('should take over the article with its slug when that article’s file no longer exists', () => {
    const orphan = imported({ hasSourceFile: false, path: 'gone/ferry.txt' })
    expect(plan({ candidates: { sameSlug: orphan } })).toMatchObject({
      action: 'updated',
      articleId: 7,
      data: { source: { path: FILE } },
      warnings: ['takes over the article imported from gone/ferry.txt, a file that no longer exists'],
    })
  })

  it.each([
    {
      name: 'another existing file',
      note: `the title's slug ${SLUG} belongs to the article imported from other/ferry.txt`,
      sameSlug: imported({ path: 'other/ferry.txt' }),
    },
    {
      name: 'an article in the trash',
      note: `the slug ${SLUG} belongs to an article in the CMS trash`,
      sameSlug: imported({ deletedAt: '2026-11-30T10:00:00.000Z' }),
    },
  ])('should create a new article when the title’s slug belongs to $name', ({ note, sameSlug }) => {
    expect(plan({ candidates: { sameSlug } })).toMatchObject({
      action: 'created',
      data: { slug: SLUG },
      warnings: [note],
    })
  })

  it.each([
    {
      isForced: false,
      reason: `the slug ${SLUG} belongs to the article imported from other/ferry.txt`,
      sameSlug: imported({ path: 'other/ferry.txt' }),
    },
    {
      isForced: true,
      reason: `the slug ${SLUG} belongs to the article imported from other/ferry.txt`,
      sameSlug: imported({ path: 'other/ferry.txt' }),
    },
    {
      isForced: true,
      reason: `the slug ${SLUG} belongs to an article in the CMS trash`,
      sameSlug: imported({ deletedAt: '2026-11-30T10:00:00.000Z' }),
    },
  ])(
    'should refuse a stated slug that belongs to another article (forced: $isForced): $reason',
    ({ isForced, reason, sameSlug }) => {
      expect(plan({ candidates: { sameSlug }, isForced, overrides: { slug: SLUG } })).toEqual({
        slug: SLUG,
        action: 'conflict',
        byline: ['Ana Li'],
        readingTime: 1,
        reason,
        warnings: [],
        wordCount: 5,
      })
    },
  )
})

describe('planDocument: what it reports', () => {
  it('should warn when the stated reading time disagrees with the computed one', () => {
    expect(plan({ overrides: { statedReadingTime: 3 } }).warnings).toEqual([
      'the byline states 3 min read; the text reads in 1 min (stored)',
    ])
  })

  it('should keep the document’s own warnings first', () => {
    expect(plan({ overrides: { statedReadingTime: 3, warnings: ['image dropped (line 4)'] } }).warnings).toEqual([
      'image dropped (line 4)',
      'the byline states 3 min read; the text reads in 1 min (stored)',
    ])
  })

  it('should name each byline and tag once, compared by slug, first spelling kept', () => {
    expect(
      plan({ overrides: { authors: ['Ana Li', 'ana li', 'Bo Chen'], tags: ['Transport', 'transport'] } }),
    ).toMatchObject({
      authors: ['Ana Li', 'Bo Chen'],
      byline: ['Ana Li', 'ana li', 'Bo Chen'],
      tags: ['Transport'],
    })
  })

  it('should leave tags alone when the source states none', () => {
    expect(plan()).not.toHaveProperty('tags')
  })

  it('should write the excerpt and date the source states', () => {
    const stated = { excerpt: 'Boats are back.', publishedAt: '2026-11-29T00:00:00.000Z' }
    expect(plan({ overrides: stated })).toMatchObject({ data: stated })
  })
})

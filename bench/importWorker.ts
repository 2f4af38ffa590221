/**
 * One benchmark run in a process of its own (so its peak memory is its own): imports a corpus folder into the
 * database named by DATABASE_URI and prints one JSON line `{ mode, documents, seconds, peakRssMiB, created }`.
 *
 *   tsx bench/importWorker.ts <plain|importer> <folder>
 */
import { readFile } from 'node:fs/promises'
import { getPayload } from 'payload'

import { paragraphsToLexical } from '../seed/formats/lexical'
import { decodeUtf8, parseDocument } from '../seed/formats/parse'
import { listDocuments } from '../seed/formats/readSource'
import { importDocuments } from '../seed/importDocuments'
import { toSlug } from '../utilities/slugify'

const [mode, folder] = process.argv.slice(2)
if ((mode !== 'plain' && mode !== 'importer') || !folder) {
  process.stderr.write('usage: tsx bench/importWorker.ts <plain|importer> <folder>\n')
  process.exit(2)
}
const { default: config } = await import('../src/payload.config')
const payload = await getPayload({ config })
const files = await listDocuments([folder])

const started = process.hrtime.bigint()
let created = 0
if (mode === 'importer') {
  const reports = await importDocuments({ files, payload })
  created = reports.filter((report) => report.action === 'created').length
} else {
  // The baseline: what a first importer looks like, one Local API call after another.
  const authorIds = new Map<string, number | string>()
  for (const file of files) {
    const document = parseDocument(decodeUtf8(await readFile(file)))
    const authors = []
    for (const name of document.authors) {
      const slug = toSlug(name, 'author')
      let id = authorIds.get(slug)
      if (id === undefined) {
        const found = await payload.find({ collection: 'authors', limit: 1, where: { slug: { equals: slug } } })
        id = found.docs[0]?.id ?? (await payload.create({ collection: 'authors', data: { name, slug } })).id
        authorIds.set(slug, id)
      }
      authors.push(id)
    }
    await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        authors: authors as number[],
        content: paragraphsToLexical(document.paragraphs),
        title: document.title,
      },
    })
    created += 1
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9
const peakRssMiB = process.resourceUsage().maxRSS / 1024
process.stdout.write(
  `${JSON.stringify({ created, documents: files.length, mode, peakRssMiB: Math.round(peakRssMiB), seconds })}\n`,
)
await payload.destroy()
process.exit(0)

import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
/**
 * `npm run bench:renditions`: what the read-time renditions (`contentHtml`, `contentText`, `jsonLd`) cost a read
 * that misses the response cache, measured side by side in one process on a fresh SQLite file.
 *
 *   without   Local API reads with `select` leaving the three renditions out (what a read cost before them);
 *   with      the same reads returning every field (the default: renditions computed).
 *
 * Two reads: the sample article by id at depth 1 (a hero image in its body and as hero, one author, one tag),
 * and the ten latest articles of a 50-article corpus at depth 1. The variants alternate in rounds of 50 reads so
 * that drift on a shared machine falls on both; prints reads per second of each, the ratio with/without, and the
 * milliseconds the renditions add to one read. Not a test.
 */
import { getPayload } from 'payload'
import sharp from 'sharp'

import { paragraphsToLexical } from '../seed/formats/lexical'

const ROUNDS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 20
const PER_ROUND = 50

const work = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-bench-renditions-'))
process.env.DATABASE_URI = `file:${path.join(work, 'bench.db')}`
process.env.MEDIA_DIR = path.join(work, 'media')
process.env.PAYLOAD_SECRET ??= 'bench-secret-0123456789abcdef0123456789abcdef'
process.env.LOG_LEVEL = 'warn'
const { default: config } = await import('../src/payload.config')
const payload = await getPayload({ config })

try {
  const image = await sharp({ create: { background: '#336699', channels: 3, height: 800, width: 1600 } })
    .png()
    .toBuffer()
  const media = await payload.create({
    collection: 'media',
    data: { alt: 'A harbour at dawn', caption: 'Tangier', credit: 'Staff' },
    file: { name: 'harbour.png', data: image, mimetype: 'image/png', size: image.length },
  })
  const author = await payload.create({ collection: 'authors', data: { name: 'Amal Idrissi' } })
  const tag = await payload.create({ collection: 'tags', data: { name: 'Ports' } })
  const body = paragraphsToLexical(Array.from({ length: 5 }, (_, index) => `Paragraph ${index} `.repeat(12)))
  body.root.children.splice(2, 0, {
    type: 'upload',
    fields: null,
    format: '',
    relationTo: 'media',
    value: media.id,
    version: 3,
  } as never)
  let sampleId: number | string = 0
  for (let index = 0; index < 50; index += 1) {
    const article = await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        authors: [author.id],
        content: body as never,
        heroImage: media.id,
        tags: [tag.id],
        title: `Harbour story ${index}`,
      },
    })
    sampleId = article.id
  }
  const without = { contentHtml: false, contentText: false, jsonLd: false } as const
  const reads = {
    'article by id': (select?: typeof without) =>
      payload.findByID({ id: sampleId, collection: 'articles', depth: 1, overrideAccess: false, select }),
    'ten latest': (select?: typeof without) =>
      payload.find({
        collection: 'articles',
        depth: 1,
        limit: 10,
        overrideAccess: false,
        select,
        sort: '-publishedAt',
      }),
  }
  console.log(`read            without r/s   with r/s   with/without   added ms/read`)
  for (const [label, read] of Object.entries(reads)) {
    const spent = { with: 0, without: 0 }
    for (let warm = 0; warm < PER_ROUND; warm += 1) {
      await read(without)
      await read()
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of ['without', 'with'] as const) {
        const started = performance.now()
        for (let index = 0; index < PER_ROUND; index += 1) {
          await read(variant === 'without' ? without : undefined)
        }
        spent[variant] += performance.now() - started
      }
    }
    const count = ROUNDS * PER_ROUND
    const rate = (ms: number) => (count / ms) * 1000
    console.log(
      [
        label.padEnd(15),
        rate(spent.without).toFixed(0).padStart(11),
        rate(spent.with).toFixed(0).padStart(10),
        (rate(spent.with) / rate(spent.without)).toFixed(2).padStart(14),
        ((spent.with - spent.without) / count).toFixed(2).padStart(15),
      ].join(' '),
    )
  }
} finally {
  await payload.destroy()
  await rm(work, { force: true, recursive: true })
}

import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import type { TestPayload } from '../helpers/payload'

import { restPATCH, restPOST } from '../../src/restRoute'
import { loginAs, startPayload } from '../helpers/payload'

// Uploads over REST multipart, as the admin panel and API clients send them: the type is judged by the bytes,
// not by the name or the Content-Type the client claims, and nothing refused reaches the media folder.
let ctx: TestPayload
let writerToken: string
let post: ReturnType<typeof restPOST>

beforeAll(async () => {
  process.env.MEDIA_DIR = await mkdtemp(path.join(os.tmpdir(), 'newsdesk-uploads-'))
  ctx = await startPayload('uploads')
  writerToken = await loginAs(ctx.payload, ['writer'])
  post = restPOST(ctx.config)
})

afterAll(async () => {
  await ctx.stop()
  await rm(process.env.MEDIA_DIR!, { force: true, recursive: true })
})

async function upload({ name, type, bytes, token }: { bytes: Buffer; name: string; token?: string; type: string }) {
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: 'A test image' }))
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const headers = new Headers(token ? { Authorization: `JWT ${token}` } : {})
  const response = await post(new Request('http://localhost:3000/api/media', { body: form, headers, method: 'POST' }), {
    params: Promise.resolve({ slug: ['media'] }),
  })
  return { body: (await response.json()) as Record<string, any>, status: response.status }
}

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>')
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')

it.each([
  ['an SVG with a script, named as SVG', SVG, 'evil.svg', 'image/svg+xml'],
  ['an SVG claiming to be a PNG', SVG, 'evil.png', 'image/png'],
  ['an HTML page claiming to be a JPEG', HTML, 'photo.jpg', 'image/jpeg'],
  ['a PNG name on plain text', Buffer.from('just text, no image'), 'notes.png', 'image/png'],
])('should refuse %s and store nothing', async (_label, bytes, name, type) => {
  const before = await readdir(process.env.MEDIA_DIR!)
  const { status } = await upload({ name, type, bytes, token: writerToken })
  expect(status).toBeGreaterThanOrEqual(400)
  expect(status).toBeLessThan(500)
  expect(await readdir(process.env.MEDIA_DIR!)).toEqual(before)
  expect((await ctx.payload.count({ collection: 'media' })).totalDocs).toBe(0)
})

it('should refuse an anonymous upload', async () => {
  const png = await sharp({ create: { background: '#336699', channels: 3, height: 10, width: 10 } })
    .png()
    .toBuffer()
  const { status } = await upload({ name: 'anon.png', type: 'image/png', bytes: png })
  expect(status).toBe(403)
})

it('should accept a real PNG from a writer, whatever type the client claims, and record its real type', async () => {
  const png = await sharp({ create: { background: '#336699', channels: 3, height: 40, width: 60 } })
    .png()
    .toBuffer()
  const { body, status } = await upload({
    name: 'chart.png',
    type: 'application/octet-stream',
    bytes: png,
    token: writerToken,
  })
  expect(status).toBe(201)
  expect([body.doc.mimeType, body.doc.width, body.doc.height]).toEqual(['image/png', 60, 40])
})

// Regression: any logged-in writer could change the alt text of, or swap the file behind, any image, including
// those of published stories.
it('should keep writers from changing an image once uploaded, and let editors', async () => {
  const png = await sharp({ create: { background: '#996633', channels: 3, height: 10, width: 10 } })
    .png()
    .toBuffer()
  const { body } = await upload({ name: 'front-page.png', type: 'image/png', bytes: png, token: writerToken })
  const patch = restPATCH(ctx.config)
  const change = async (token: string) => {
    const response = await patch(
      new Request(`http://localhost:3000/api/media/${body.doc.id}`, {
        body: JSON.stringify({ alt: 'Defaced' }),
        headers: { Authorization: `JWT ${token}`, 'Content-Type': 'application/json' },
        method: 'PATCH',
      }),
      { params: Promise.resolve({ slug: ['media', String(body.doc.id)] }) },
    )
    return response.status
  }
  const byWriter = await change(writerToken)
  const altAfterWriter = (await ctx.payload.findByID({ id: body.doc.id, collection: 'media' })).alt
  const byEditor = await change(await loginAs(ctx.payload, ['editor']))
  expect([byWriter, altAfterWriter, byEditor]).toEqual([403, 'A test image', 200])
})

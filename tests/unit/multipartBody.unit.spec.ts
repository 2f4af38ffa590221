import { multipartProblem } from '../../src/multipartBody'

const BOUNDARY = 'unit-boundary'
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`
const part = (headers: string, content: string) => `--${BOUNDARY}\r\n${headers}\r\n\r\n${content}\r\n`
const fields = (json: string) => part('Content-Disposition: form-data; name="_payload"', json)
const file = (disposition = 'filename="photo.png"') =>
  part(`Content-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: image/png`, 'not really a PNG')
const closing = `--${BOUNDARY}--\r\n`
const upload = `${fields('{"alt":"A photo"}')}${file()}${closing}`

/** The body as the route handler gets it: a stream, one branch of a cloned request (as src/restRoute.ts reads it). */
const check = (body: string, contentType = MULTIPART) =>
  multipartProblem({ body: new Request('http://localhost/', { body, method: 'POST' }).clone().body, contentType })

const MALFORMED_HEADER =
  "A part header of the multipart body is malformed: each header line needs a name, a colon and a value without NUL or other control characters (a file name included), and one part's headers may take at most 16 KiB."

describe('multipartProblem', () => {
  it.each([
    [
      'no boundary',
      upload,
      'multipart/form-data',
      'A multipart body needs a boundary in its Content-Type: multipart/form-data; boundary=….',
    ],
    [
      'the wrong boundary',
      upload,
      'multipart/form-data; boundary=other',
      'The multipart body holds no part that starts with the boundary its Content-Type names (--boundary).',
    ],
    [
      'a truncated body',
      upload.slice(0, -30),
      MULTIPART,
      'The multipart body ends before its closing boundary (--boundary--): it is truncated.',
    ],
    [
      'a part header without a colon',
      `${part('Content-Disposition form-data', 'x')}${upload}`,
      MULTIPART,
      MALFORMED_HEADER,
    ],
    [
      '_payload that is not JSON',
      `${fields('{"alt":')}${file()}${closing}`,
      MULTIPART,
      "The _payload field is not valid JSON (Unexpected end of JSON input); it holds the document's fields.",
    ],
    [
      'a NUL in the file name',
      `${fields('{}')}${file('filename="a\u0000b.png"')}${closing}`,
      MULTIPART,
      MALFORMED_HEADER,
    ],
    [
      'a NUL in the file name, percent-encoded',
      `${fields('{}')}${file("filename*=utf-8''a%00b.png")}${closing}`,
      MULTIPART,
      'The file name holds a control character (U+0000); file names may not.',
    ],
    ['an empty body', '', MULTIPART, 'The multipart body is empty.'],
    [
      'a part header of 64 KB',
      `${part(`Content-Disposition: form-data; name="x"\r\nX-Padding: ${'a'.repeat(64 * 1024)}`, '')}${upload}`,
      MULTIPART,
      MALFORMED_HEADER,
    ],
    [
      '_payload nested 101 levels deep',
      `${fields(`${'['.repeat(101)}${']'.repeat(101)}`)}${file()}${closing}`,
      MULTIPART,
      'The _payload field nests objects and lists more than 100 levels deep; JSON sent here may nest at most 100.',
    ],
  ])('should name %s', async (_label, body, contentType, message) => {
    await expect(check(body, contentType)).resolves.toBe(message)
  })

  it.each([
    ['a well-formed upload', upload, MULTIPART],
    ['a file without fields', `${file()}${closing}`, MULTIPART],
    ['a quoted boundary', upload, `multipart/form-data; boundary="${BOUNDARY}"`],
  ])('should find nothing wrong with %s', async (_label, body, contentType) => {
    await expect(check(body, contentType)).resolves.toBeUndefined()
  })

  it('should find the boundary across the edge of two chunks', async () => {
    const bytes = new TextEncoder().encode(upload)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5))
        controller.enqueue(bytes.subarray(5))
        controller.close()
      },
    })
    await expect(multipartProblem({ body, contentType: MULTIPART })).resolves.toBeUndefined()
  })

  it('should leave a _payload longer than the field size to Payload (which answers 413)', async () => {
    const body = `${fields(`{"alt":"${'x'.repeat(200)}"`)}${closing}`
    await expect(
      multipartProblem({
        body: new Request('http://localhost/', { body, method: 'POST' }).body,
        contentType: MULTIPART,
        limits: { fieldSize: 100 },
      }),
    ).resolves.toBeUndefined()
  })
})

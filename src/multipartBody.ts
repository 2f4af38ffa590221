import busboy from 'busboy'

import { firstControlCharacter } from '../utilities/controlCharacters'
import { jsonNestingProblem } from '../utilities/jsonNesting'

/**
 * Payload's own default for the largest multipart field (`fieldSize`, 1 MiB, in payload's
 * `uploads/fetchAPI-multipart/index.js`); a longer `_payload` is cut short there and answered with a 413.
 */
const PAYLOAD_FIELD_SIZE = 1024 * 1024

/** busboy's bound on one part's headers (`MAX_HEADER_SIZE` in busboy 1.6.0, Node's default for HTTP headers). */
const PART_HEADER_BYTES = 16 * 1024

/** What busboy 1.6.0 says, mapped to what the client is told. */
const MALFORMED_HEADER =
  'A part header of the multipart body is malformed: each header line needs a name, a colon and a value without ' +
  `NUL or other control characters (a file name included), and one part's headers may take at most ${PART_HEADER_BYTES / 1024} KiB.`
const NO_BOUNDARY = 'A multipart body needs a boundary in its Content-Type: multipart/form-data; boundary=….'
const EMPTY = 'The multipart body is empty.'
const BOUNDARY_NOT_FOUND =
  'The multipart body holds no part that starts with the boundary its Content-Type names (--boundary).'
const TRUNCATED = 'The multipart body ends before its closing boundary (--boundary--): it is truncated.'

/**
 * Whether a body read chunk by chunk holds `needle`, across chunk edges too.
 *
 * @param carry - the tail of the chunks before (at most `needle.length - 1` bytes); empty at the start.
 * @returns whether `carry` + `chunk` holds it, and the tail to carry to the next chunk.
 */
function containsAcross(carry: Buffer, chunk: Buffer, needle: Buffer): { carry: Buffer; isFound: boolean } {
  const window = Buffer.concat([carry, chunk])
  return { carry: window.subarray(Math.max(0, window.length - needle.length + 1)), isFound: window.includes(needle) }
}

/**
 * What is wrong with a multipart request body, found by reading it once with busboy, the parser (and version)
 * Payload's upload handling uses, so it refuses what Payload's parser would have failed on, with a message saying
 * what is wrong. File contents are read and dropped, not kept. Checked:
 * - a Content-Type without a boundary (Payload: "Request is not eligible for file upload", a 500);
 * - an empty body; a body without the boundary the Content-Type names; a body cut short before its closing
 *   boundary (busboy: "Unexpected end of form");
 * - a malformed part header: no colon, a NUL or other control character (a raw NUL in a file name), more than
 *   {@link PART_HEADER_BYTES} bytes (busboy: "Malformed part header");
 * - a file name that holds a control character once decoded (`filename*=utf-8''a%00b.png`): Payload dropped the NUL
 *   and stored the file under another name;
 * - a `_payload` field (the document's fields, as JSON) nested too deep or not JSON (Payload: a SyntaxError, 500).
 * Limits on the number and size of parts and files are Payload's to answer (413); a `_payload` longer than the field
 * size is left to them. While this reads one branch of a cloned request, the other waits in memory for Payload (at
 * most MAX_BODY_BYTES, which Express enforces in front).
 *
 * Workaround: Payload 3.90.1 answers 500 for each of these; its multipart parser throws busboy's errors as they are.
 *
 * @param args.body - the body stream (read to its end, or until the first problem, and then cancelled).
 * @param args.contentType - the request's Content-Type.
 * @param args.limits - the config's `upload.limits` (Payload passes them to busboy); only `fieldSize` matters here.
 * @returns a message for the client, or undefined when Payload's parser would read the body.
 */
export async function multipartProblem({
  body,
  contentType,
  limits,
}: {
  body: null | ReadableStream<Uint8Array>
  contentType: string
  limits?: busboy.Limits
}): Promise<string | undefined> {
  // Payload's own test (isEligibleRequest) looks for the text `boundary=`, case and all.
  if (!contentType.includes('boundary=')) {
    return NO_BOUNDARY
  }
  let parser: busboy.Busboy
  try {
    parser = busboy({
      defParamCharset: 'utf8',
      headers: { 'content-type': contentType },
      limits: { fieldSize: limits?.fieldSize ?? PAYLOAD_FIELD_SIZE },
    })
  } catch {
    return NO_BOUNDARY
  }
  const boundary = /boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType)
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`)
  let problem: string | undefined
  const found = (message: string) => {
    problem ??= message
  }
  parser.on('file', (_name, stream, info) => {
    const control = info.filename === undefined ? undefined : firstControlCharacter(info.filename)
    if (control) {
      found(`The file name holds a control character (${control.code}); file names may not.`)
    }
    // A body cut short inside a file ends its stream with an error too; the parser's own error reports it.
    stream.on('error', () => undefined)
    stream.resume()
  })
  parser.on('field', (name, value, info) => {
    if (name !== '_payload' || info.valueTruncated) {
      return
    }
    const nesting = jsonNestingProblem(value, 'The _payload field')
    if (nesting) {
      found(nesting)
      return
    }
    try {
      JSON.parse(value)
    } catch (error) {
      found(`The _payload field is not valid JSON (${(error as Error).message}); it holds the document's fields.`)
    }
  })
  const finished = new Promise<void>((resolve) => {
    parser.on('error', (error: Error) => {
      found(error.message === 'Malformed part header' ? MALFORMED_HEADER : TRUNCATED)
      resolve()
    })
    parser.on('finish', () => resolve())
    parser.on('close', () => resolve())
  })
  const reader = body?.getReader()
  let bytes = 0
  let carry: Buffer = Buffer.alloc(0)
  let hasDelimiter = false
  try {
    while (reader && problem === undefined) {
      const { done, value } = await reader.read()
      if (done) {
        break
      }
      bytes += value.byteLength
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      if (!hasDelimiter) {
        ;({ carry, isFound: hasDelimiter } = containsAcross(carry, chunk, delimiter))
      }
      await new Promise<void>((resolve) => parser.write(chunk, () => resolve()))
    }
  } finally {
    // Not awaited: cancelling one branch of a cloned body settles only once the other branch is cancelled too.
    void reader?.cancel().catch(() => undefined)
  }
  if (bytes === 0) {
    return EMPTY
  }
  if (!hasDelimiter) {
    return BOUNDARY_NOT_FOUND
  }
  if (problem === undefined) {
    parser.end()
    await finished
  }
  parser.destroy()
  return problem
}

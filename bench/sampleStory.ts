/**
 * Puts the sample story (seed/documents) on a fresh server through its REST API, for the benchmarks: the first
 * user, the story's authors and the story itself, published. The story is built by the importer's own pure parts
 * (parser and Lexical builder), so it is what `npm run seed` would write.
 */
import { readFileSync } from 'node:fs'

import { paragraphsToLexical } from '../seed/formats/lexical'
import { parseDocument } from '../seed/formats/parse'
import { samplePath } from '../tests/helpers/sample'

/**
 * One JSON POST with fetch.
 *
 * @param base - the server's origin, e.g. `http://127.0.0.1:3000`.
 * @param apiPath - the path under /api, e.g. `authors`.
 * @returns the parsed answer.
 * @throws unless the answer is 2xx, with its status and the start of its body.
 */
async function postJson(
  base: string,
  apiPath: string,
  { body, token }: { body: unknown; token?: string },
): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/api/${apiPath}`, {
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `JWT ${token}` } : {}) },
    method: 'POST',
  })
  const answer = (await response.json()) as Record<string, unknown>
  if (!response.ok) {
    throw new Error(`POST /api/${apiPath}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`)
  }
  return answer
}

/**
 * Registers the first user and publishes the sample story with its authors.
 *
 * @param base - the origin of a server on an empty database.
 * @returns the story's id (a number on SQLite, a string on MongoDB) and slug.
 */
export async function publishSampleStory(base: string): Promise<{ id: number | string; slug: string }> {
  const registered = await postJson(base, 'users/first-register', {
    body: { name: 'Bench', email: 'bench@newsdesk.test', password: 'bench-password-0123456789' },
  })
  const token = registered.token as string
  const document = parseDocument(readFileSync(samplePath, 'utf8'))
  const authors: Array<number | string> = []
  for (const name of document.authors) {
    const created = await postJson(base, 'authors', { body: { name }, token })
    authors.push((created.doc as { id: number | string }).id)
  }
  const created = await postJson(base, 'articles', {
    body: { _status: 'published', authors, content: paragraphsToLexical(document.paragraphs), title: document.title },
    token,
  })
  const doc = created.doc as { id: number | string; slug: string }
  return { id: doc.id, slug: doc.slug }
}

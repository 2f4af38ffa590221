import type { Payload } from 'payload'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { stringify } from 'yaml'

import type { Article } from '../src/payload-types'
import type { ArticleContent } from './lexical'

import { contentToMarkdown } from './markdown'

/** Articles fetched per query while exporting. */
const PAGE_SIZE = 100

/** A populated relation's name, or nothing for an id that could not be populated. */
function nameOf(relation: unknown): string | undefined {
  return typeof relation === 'object' && relation !== null && 'name' in relation ? String(relation.name) : undefined
}

/**
 * One article as a Markdown document the importer reads back to the same article: YAML front matter with
 * `title`, `slug`, `authors`, `publishedAt`, `tags` and `excerpt` (keys left out when empty), then the body.
 *
 * @param args.article - an article read at depth 1 (authors and tags populated with their names).
 * @param args.editorConfig - the server editor config of the `content` field.
 * @returns the file's text, ending with a newline.
 */
export function articleToMarkdown({
  article,
  editorConfig,
}: {
  article: Article
  editorConfig: Awaited<ReturnType<typeof editorConfigFactory.default>>
}): string {
  const authors = (article.authors ?? []).map(nameOf).filter((name) => name !== undefined)
  const tags = (article.tags ?? []).map(nameOf).filter((name) => name !== undefined)
  const frontMatter: Record<string, unknown> = { title: article.title, slug: article.slug }
  if (authors.length) {
    frontMatter.authors = authors
  }
  if (article.publishedAt) {
    frontMatter.publishedAt = article.publishedAt
  }
  if (tags.length) {
    frontMatter.tags = tags
  }
  if (article.excerpt) {
    frontMatter.excerpt = article.excerpt
  }
  const body = article.content ? contentToMarkdown({ content: article.content as ArticleContent, editorConfig }) : ''
  return `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n\n${body}\n`
}

/**
 * Writes every published article to `<directory>/<slug>.md`. Drafts that were never published stay in the CMS
 * (importing the file would publish them).
 *
 * @param args.directory - the output folder; created when missing. Existing files of the same name are replaced.
 * @param args.payload - an initialised Payload instance.
 * @returns the paths written and the number of unpublished articles skipped.
 */
export async function exportArticles({
  directory,
  payload,
}: {
  directory: string
  payload: Payload
}): Promise<{ files: string[]; skippedDrafts: number }> {
  const editorConfig = await editorConfigFactory.default({ config: payload.config })
  await mkdir(directory, { recursive: true })
  const files: string[] = []
  for (let page = 1; ; page += 1) {
    const result = await payload.find({
      collection: 'articles',
      depth: 1,
      limit: PAGE_SIZE,
      overrideAccess: true,
      page,
      sort: 'createdAt',
      where: { _status: { equals: 'published' } },
    })
    for (const article of result.docs) {
      const file = path.join(directory, `${article.slug}.md`)
      await writeFile(file, articleToMarkdown({ article, editorConfig }))
      files.push(file)
    }
    if (!result.hasNextPage) {
      break
    }
  }
  const { totalDocs } = await payload.count({ collection: 'articles', overrideAccess: true })
  return { files, skippedDrafts: totalDocs - files.length }
}

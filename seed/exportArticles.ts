import type { Payload } from 'payload'

import { editorConfigFactory } from '@payloadcms/richtext-lexical'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { stringify } from 'yaml'

import type { Article } from '../src/payload-types'
import type { ArticleContent, JsonNode } from './formats/lexical'

import { walkNodes } from './formats/lexical'
import { contentToMarkdown } from './formats/markdown'

/** Articles fetched per query while exporting. */
const PAGE_SIZE = 100

/** Lexical text-format bits Markdown has no syntax for (lexical/src/LexicalConstants.ts). */
const UNMARKED_FORMATS: Array<[number, string]> = [
  [8, 'underline'],
  [32, 'subscript'],
  [64, 'superscript'],
  [128, 'highlight'],
]

/**
 * What of a body a Markdown file cannot carry: uploads, links to documents (Payload writes them with an empty
 * target), relationships and blocks, underline, sub- and superscript, highlight, alignment and indentation.
 *
 * @param content - a Lexical editor state.
 * @returns the kinds found, each once, in a fixed order.
 */
export function notInMarkdown(content: ArticleContent): string[] {
  const found = new Set<string>()
  walkNodes(content.root as unknown as JsonNode, (node) => {
    if (node.type === 'upload') {
      found.add('images')
    } else if (node.type === 'link' && node.fields?.linkType === 'internal') {
      found.add('links to documents')
    } else if (node.type === 'relationship' || node.type === 'block' || node.type === 'inlineBlock') {
      found.add('embedded documents')
    }
    if (node.type === 'text' && typeof node.format === 'number') {
      for (const [bit, name] of UNMARKED_FORMATS) {
        if (node.format & bit) {
          found.add(name)
        }
      }
    }
    if (node.type !== 'text' && typeof node.format === 'string' && node.format !== '' && node.format !== 'left') {
      found.add('alignment')
    }
    if (typeof node.indent === 'number' && node.indent > 0 && node.type !== 'listitem') {
      found.add('indentation')
    }
  })
  return [...found].sort()
}

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
  // Key order is the file's: the title first, as a reader expects it.
  // eslint-disable-next-line perfectionist/sort-objects
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
  const body = article.content ? contentToMarkdown({ content: article.content, editorConfig }) : ''
  return `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n\n${body}\n`
}

/**
 * Writes every published article to `<directory>/<slug>.md`. Drafts that were never published stay in the CMS
 * (importing the file would publish them).
 *
 * @param args.directory - the output folder; created when missing. Existing files of the same name are replaced.
 * @param args.payload - an initialised Payload instance.
 * @returns the paths written, one line per article whose body holds what Markdown cannot carry (see
 *   {@link notInMarkdown}), and the number of unpublished articles skipped.
 * @throws file-system errors (the folder cannot be made or written) and database errors.
 */
export async function exportArticles({
  directory,
  payload,
}: {
  directory: string
  payload: Payload
}): Promise<{ files: string[]; losses: string[]; skippedDrafts: number }> {
  const editorConfig = await editorConfigFactory.default({ config: payload.config })
  await mkdir(directory, { recursive: true })
  const files: string[] = []
  const losses: string[] = []
  for (let page = 1; ; page += 1) {
    const result = await payload.find({
      collection: 'articles',
      depth: 1,
      limit: PAGE_SIZE,
      overrideAccess: true,
      page,
      // Ids never tie, so pages neither skip nor repeat an article.
      sort: 'id',
      where: { _status: { equals: 'published' } },
    })
    for (const article of result.docs) {
      const file = path.join(directory, `${article.slug}.md`)
      await writeFile(file, articleToMarkdown({ article, editorConfig }))
      files.push(file)
      const lost = article.content ? notInMarkdown(article.content) : []
      if (lost.length) {
        losses.push(`${article.slug}.md: ${lost.join(', ')} not carried by Markdown`)
      }
    }
    if (!result.hasNextPage) {
      break
    }
  }
  const { totalDocs } = await payload.count({ collection: 'articles', overrideAccess: true })
  return { files, losses, skippedDrafts: totalDocs - files.length }
}

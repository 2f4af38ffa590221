import type { ArticleContent } from './lexical'

/**
 * One source document in the shape every input format (plain text, Markdown, HTML) is read into, before
 * anything touches the database. Strings are NFC.
 */
export type SourceDocument = {
  /** Author names in byline order; may be empty. */
  authors: string[]
  /** The body as a Lexical editor state, ready for the article's `content` field. */
  content: ArticleContent
  /** The dek, when the source states one. */
  excerpt?: string
  /** An ISO 8601 timestamp, when the source states one. */
  publishedAt?: string
  /** The slug the source asks for; absent, the article's slug comes from its title. */
  slug?: string
  /** The reading time the source states, in minutes; compared with the computed one. */
  statedReadingTime?: number
  /** Tag names, when the source states them. */
  tags?: string[]
  title: string
  /** What reading the document left out or changed on purpose (an image, an unsafe link), for the report. */
  warnings?: string[]
}

/** Where a document came from: its path as stored in provenance and the hash of its bytes. */
export type SourceFile = {
  /** SHA-256 of the file's bytes, as `sha256:<64 hex digits>`. */
  contentHash: string
  /** The path stored on the article: relative to `root` with `/` separators, or absolute outside it. */
  path: string
  /** The folder stored paths are relative to (the project folder, where npm runs scripts). */
  root: string
}

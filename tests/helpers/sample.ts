import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The project root. */
export const projectRoot = root

/** The sample document shipped with the project. */
export const samplePath = path.join(root, 'seed/documents/moroccos-proactive-anti-terror-strategy.txt')
export const sampleText = readFileSync(samplePath, 'utf8')

/** The sample's values as the content contract states them. */
export const SAMPLE = {
  slug: 'moroccos-proactive-anti-terror-strategy-thwarts-207-terrorist-cells-since-2002',
  author: { name: 'Jérôme', slug: 'jerome' },
  paragraphCount: 5,
  readingTime: 2,
  title: 'Morocco’s Proactive Anti-Terror Strategy Thwarts 207 Terrorist Cells Since 2002',
  wordCount: 331,
} as const

/**
 * The sample's body paragraphs read straight from the file, independently of the parser: everything after
 * the repeated headline (the 4th line), split on blank lines.
 */
export const sampleParagraphs: string[] = sampleText
  .split('\n')
  .slice(4)
  .join('\n')
  .split(/\n\s*\n/)
  .map((paragraph) => paragraph.trim())
  .filter(Boolean)

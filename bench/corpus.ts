/**
 * A deterministic news corpus for benchmarks: the same `count` and `seed` always give the same files, byte for
 * byte, so runs on different days and machines import the same work.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { prng } from '../tests/helpers/prng'

const FIRST = ['Amina', 'Karim', 'Leila', 'Youssef', 'Salma', 'Omar', 'Nadia', 'Mehdi', 'Zineb', 'Hamza']
const LAST = ['Bennani', 'Idrissi', 'Haddad', 'Alami', 'Tazi', 'Benjelloun', 'Chraibi', 'Ouazzani', 'Kettani', 'Fassi']
const WORDS = (
  'the council said on monday that the new port would open next year after talks with unions and ministers ' +
  'officials expect traffic to rise while residents asked for more buses trains and safer roads near schools ' +
  'prices water energy budget court election harvest rain drought exports tourism hospital museum stadium'
).split(' ')

/**
 * Writes `count` plain-text articles (headline, byline with one or two of 100 authors, 4–8 paragraphs of
 * 30–80 words) into `directory`, 1,000 per sub-folder.
 *
 * @param args.count - number of articles.
 * @param args.directory - output folder (created).
 * @param args.seed - PRNG seed.
 * @returns the folder.
 */
export async function writeCorpus({
  count,
  directory,
  seed = 20261129,
}: {
  count: number
  directory: string
  seed?: number
}): Promise<string> {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]
  const name = () => `${pick(FIRST)} ${pick(LAST)}`
  for (let index = 0; index < count; index += 1) {
    const folder = path.join(directory, String(Math.floor(index / 1000)).padStart(3, '0'))
    if (index % 1000 === 0) {
      await mkdir(folder, { recursive: true })
    }
    const title = `Story ${index + 1}: ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`
    const authors = random() < 0.3 ? `${name()} and ${name()}` : name()
    const paragraphs = Array.from({ length: 4 + Math.floor(random() * 5) }, () => {
      const words = Array.from({ length: 30 + Math.floor(random() * 51) }, () => pick(WORDS))
      const sentence = words.join(' ')
      return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`
    })
    await writeFile(
      path.join(folder, `story-${String(index + 1).padStart(5, '0')}.txt`),
      `${title}\nBy ${authors}\n\n${paragraphs.join('\n\n')}\n`,
    )
  }
  return directory
}

/**
 * Silent reading rate for English non-fiction, in words per minute: the mean reported by
 * M. Brysbaert (2019), "How many words do we read per minute? A review and meta-analysis of reading rate",
 * Journal of Memory and Language 109, 104047.
 */
export const WORDS_PER_MINUTE = 238

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/**
 * Counts words: whitespace-separated tokens that contain at least one Unicode letter or digit
 * (so a lone dash, bullet or ellipsis is not a word, while "2002" and "DGST)" are).
 *
 * @param text - any text; paragraphs may be separated by newlines.
 * @returns the number of words, 0 for empty text.
 */
export function countWords(text: string): number {
  let words = 0
  for (const token of text.split(/\s+/u)) {
    if (HAS_LETTER_OR_DIGIT.test(token)) {
      words += 1
    }
  }
  return words
}

/**
 * Reading time in whole minutes: ceil(words / {@link WORDS_PER_MINUTE}), and never less than 1 minute.
 *
 * @param wordCount - a count from {@link countWords}.
 * @returns minutes, an integer ≥ 1.
 */
export function readingTimeMinutes(wordCount: number): number {
  return Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE))
}

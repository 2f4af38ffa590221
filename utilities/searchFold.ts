/**
 * Code point ranges dropped by {@link foldForSearch}: the combining diacritics of Latin, Greek and Cyrillic text
 * (Unicode's Combining Diacritical Marks blocks: U+0300–U+036F, U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF,
 * U+FE20–U+FE2F), Hebrew points and cantillation (U+0591–U+05C7 without its punctuation: maqaf, paseq, sof pasuq,
 * nun hafukha), Arabic harakat, Quranic annotation signs and the superscript alef (U+0610–U+061A, U+064B–U+065F,
 * U+0670, U+06D6–U+06ED), and the Arabic tatweel (U+0640, a letter stretcher, not a mark). The vowel signs of Indic
 * and other scripts are marks too, but they are spelling, not decoration, so they are kept.
 */
const DIACRITICS: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x0591, 0x05bd],
  [0x05bf, 0x05bf],
  [0x05c1, 0x05c2],
  [0x05c4, 0x05c5],
  [0x05c7, 0x05c7],
  [0x0610, 0x061a],
  [0x0640, 0x0640],
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x06d6, 0x06ed],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
]

/** Whether a character is one of the {@link DIACRITICS}. */
const isDiacritic = (character: string): boolean => {
  const code = character.codePointAt(0) ?? 0
  return DIACRITICS.some(([first, last]) => code >= first && code <= last)
}

/**
 * Letters whose full case folding (Unicode CaseFolding.txt, status F and the final sigma) differs from what
 * `toLowerCase()` gives: ß and ẞ fold to "ss", final sigma ς to σ.
 */
const FULL_FOLDS: Readonly<Record<string, string>> = { ß: 'ss', ẞ: 'ss', ς: 'σ' }

/**
 * The search key of a text: what `like` and `contains` compare, on both databases, instead of the text itself
 * (the stored value and the searched one are both folded, so any database compares them alike).
 *
 * Rule: compatibility decomposition (NFKD, Unicode Standard Annex #15: é → e + U+0301, ﬁ → fi, full-width Ａ → A,
 * Arabic presentation forms → their letters, أ → ا + hamza above), then the diacritics of {@link DIACRITICS}
 * dropped, then case folding (`toLowerCase()`, which is locale-independent in JavaScript, and
 * {@link FULL_FOLDS}), then NFC again. So "Émile", "EMILE", "émile" and "e\u0301mile" all give "emile", and
 * "مُحَمَّد" gives "محمد". Letters are never transliterated (ø stays ø, unlike in slugs).
 *
 * @param text - any string.
 * @returns the folded string; never longer than NFKD makes it.
 */
export function foldForSearch(text: string): string {
  return Array.from(text.normalize('NFKD'))
    .filter((character) => !isDiacritic(character))
    .join('')
    .toLowerCase()
    .replace(/[ßςẞ]/gu, (letter) => FULL_FOLDS[letter] ?? letter)
    .normalize('NFC')
}

/**
 * mulberry32, Tommy Ettinger's 32-bit seeded PRNG: tiny and fast, so a drill or a generated corpus can be
 * replayed exactly from its seed.
 *
 * @param seed - any 32-bit integer.
 * @returns a function giving the next number in [0, 1) on each call.
 */
export function prng(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

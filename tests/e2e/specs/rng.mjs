// A small seeded random generator for the reliability suites (mulberry32):
// the same seed gives the same sequence, so a failure replays. The seed comes
// from the environment (SEED=…) or is drawn and printed.

/** A generator seeded with `seed` (a 32-bit integer). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** One element of `xs`. */
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** True with probability `p`. */
    chance: (p) => next() < p,
  };
}

/** The seed to use: `SEED` from the environment, else a fresh one. */
export function seedFromEnv(fallback = Date.now()) {
  const s = process.env.SEED;
  return s !== undefined && s !== '' ? Number(s) >>> 0 : fallback >>> 0;
}

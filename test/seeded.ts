// A small seeded random generator (mulberry32) for tests that draw their cases: the same seed gives
// the same cases on every run, so a failure names a case that fails again.
export function seeded(seed: number): { random: () => number; pick: <T>(xs: readonly T[]) => T } {
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { random, pick: (xs) => xs[Math.floor(random() * xs.length)] };
}

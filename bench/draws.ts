// Which item each request asks about: a Zipf-like draw (a few items are asked about far more often
// than the rest, as real traffic is) or a uniform draw (the cold worst case for a cache).
import { rng } from './seed.ts';

/** A random permutation of 0..n-1 (Fisher–Yates), so that popular ranks are spread over the items. */
function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** `length` draws over n items with P(rank r) ∝ 1/r^s, ranks mapped to items by a random permutation. */
export function zipfDraws(n: number, length: number, seed: number, s = 1): Int32Array {
  const random = rng(seed);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cdf[r] = total += 1 / Math.pow(r + 1, s);
  const items = permutation(n, random);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = items[lo];
  }
  return out;
}

export function uniformDraws(n: number, length: number, seed: number): Int32Array {
  const random = rng(seed);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * n);
  return out;
}

/** The share of draws that fall on the `top` most drawn items (how much a cache of that size could catch). */
export function shareOfTop(draws: Int32Array, top: number): number {
  const counts = new Map<number, number>();
  for (const d of draws) counts.set(d, (counts.get(d) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  let covered = 0;
  for (let i = 0; i < Math.min(top, sorted.length); i++) covered += sorted[i];
  return covered / draws.length;
}

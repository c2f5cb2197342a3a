import { randomInt } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a 32-bit state generator, a few integer ops per draw. Not cryptographic; it only has
 * to make toxicity rolls, jitter and slice sizes reproducible from a seed, and be cheap per chunk.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent 32-bit seed from a base seed and labels (FNV-1a, then a murmur3 finaliser
 * so that near labels give unrelated seeds). Each link gets its own generator from
 * (seed, proxy, connection number, direction, purpose): rolls on one proxy do not depend on how
 * connections of other proxies interleave with them.
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = labels.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An integer in [0, n); 0 when n <= 0 (Go's rand.Intn would panic there). */
export function randomBelow(random: Random, n: number): number {
  return n <= 0 ? 0 : Math.floor(random() * n);
}

/** A fresh seed for servers started without --seed; it is printed so that the run can be replayed. */
export function pickSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

import type { Random } from './prng.js';

/**
 * Skewed key choice: rank k (1 = hottest) is drawn with probability proportional to 1/k^s, the
 * shape of sales traffic where a handful of products or tenants take most of the requests.
 *
 * Rejection-inversion sampling (Hörmann and Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", 1996): O(1) per draw and no table, so a million keys cost
 * no memory and no set-up time. Expected draws per sample stay close to 1 for every s > 0.
 */
export interface KeySampler {
  /** A 0-based index into the key list (0 is the hottest key). */
  sample(random: Random): number;
}

function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/**
 * A Zipf sampler over `count` keys with exponent `exponent` (1.0 is classic Zipf; larger piles more
 * traffic onto the first keys; values near 0 approach uniform).
 */
export function zipf(count: number, exponent: number): KeySampler {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`zipf needs a whole number of keys >= 1, got ${count}`);
  if (!(exponent > 0)) throw new RangeError(`zipf needs an exponent > 0, got ${exponent}`);
  const s = exponent;
  const h = (x: number) => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number) => {
    const logX = Math.log(x);
    return helper2((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number) => {
    let t = x * (1 - s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(count + 0.5);
  const s2 = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return {
    sample(random) {
      for (;;) {
        const u = hIntegralN + random.float() * (hIntegralX1 - hIntegralN);
        const x = hIntegralInverse(u);
        let k = Math.floor(x + 0.5);
        if (k < 1) k = 1;
        else if (k > count) k = count;
        if (k - x <= s2 || u >= hIntegral(k + 0.5) - h(k)) return k - 1;
      }
    },
  };
}

/** Uniform choice over `count` keys, with the same interface as zipf(). */
export function uniform(count: number): KeySampler {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`uniform needs a whole number of keys >= 1, got ${count}`);
  return { sample: (random) => random.int(count) };
}

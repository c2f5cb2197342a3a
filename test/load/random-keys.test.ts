import { describe, expect, it } from 'vitest';
import { Random } from '../../harness/load/prng.js';
import { uniform, zipf } from '../../harness/load/zipf.js';

describe('seeded PRNG', () => {
  it('request n draws the same numbers for the same seed, whatever was drawn before', () => {
    const a = new Random(42);
    const b = new Random(42);
    a.reset(7).uint32();
    a.reset(9).uint32(); // unrelated draws in between
    const fromA = [a.reset(1234).uint32(), a.uint32(), a.uint32()];
    const fromB = [b.reset(1234).uint32(), b.uint32(), b.uint32()];
    expect(fromA).toEqual(fromB);
  });

  it('differs between seeds and between neighbouring requests', () => {
    const r = new Random(1);
    const s = new Random(2);
    expect(r.reset(0).uint32()).not.toBe(s.reset(0).uint32());
    expect(r.reset(0).uint32()).not.toBe(r.reset(1).uint32());
  });

  it('floats are uniform in [0, 1) and int() stays in range', () => {
    const r = new Random(3).reset(0);
    const buckets = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.float();
      if (x < 0 || x >= 1) outside++;
      else buckets[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    for (const n of buckets) expect(n).toBeGreaterThan(9_500);
    for (let i = 0; i < 1000; i++) {
      const v = r.between(5, 7);
      expect(v >= 5 && v <= 7).toBe(true);
    }
  });
});

describe('key samplers', () => {
  it('zipf piles traffic onto the first keys in proportion 1/k^s', () => {
    const sampler = zipf(1000, 1.2);
    const r = new Random(11).reset(0);
    const counts = new Array(1000).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[sampler.sample(r)]++;
    let harmonic = 0;
    for (let k = 1; k <= 1000; k++) harmonic += 1 / k ** 1.2;
    for (const k of [1, 2, 3, 10]) {
      const expected = draws / (k ** 1.2 * harmonic);
      expect(counts[k - 1]).toBeGreaterThan(expected * 0.93);
      expect(counts[k - 1]).toBeLessThan(expected * 1.07);
    }
    expect(counts[0]).toBeGreaterThan(counts[1] as number);
  });

  it('zipf stays within bounds for one key, many keys, and exponents around 1', () => {
    const r = new Random(5).reset(0);
    expect(zipf(1, 1).sample(r)).toBe(0);
    for (const s of [0.5, 1, 1.0000001, 2.5]) {
      const sampler = zipf(1_000_000, s);
      for (let i = 0; i < 2000; i++) {
        const k = sampler.sample(r);
        expect(Number.isInteger(k) && k >= 0 && k < 1_000_000).toBe(true);
      }
    }
    expect(() => zipf(0, 1)).toThrow(RangeError);
    expect(() => zipf(10, 0)).toThrow(RangeError);
  });

  it('uniform covers every key', () => {
    const r = new Random(8).reset(0);
    const seen = new Set<number>();
    const sampler = uniform(20);
    for (let i = 0; i < 2000; i++) seen.add(sampler.sample(r));
    expect(seen.size).toBe(20);
  });
});

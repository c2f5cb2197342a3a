/**
 * Seeded pseudo-random numbers for request building. Each request gets its own stream derived
 * from (seed, sequence number) rather than one stream shared by all requests: which requests end
 * up dropped, or in which order virtual users get to draw, then cannot shift the content of the
 * requests that follow, so the same seed always gives request n the same method, path and body.
 *
 * The generator is splitmix32 (a Weyl sequence through a murmur3-style finaliser): a few integer
 * operations per draw, and good enough statistics for choosing keys; it is not cryptographic.
 */

function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const golden = 0x9e3779b9;

/** A seeded random source handed to request builders. */
export class Random {
  private state = 0;
  private readonly seedHash: number;

  constructor(readonly seed: number) {
    this.seedHash = mix32(seed ^ 0x5bd1e995);
    this.state = this.seedHash;
  }

  /** Restarts the stream for request `sequence`; the draws that follow depend only on (seed, sequence). */
  reset(sequence: number): this {
    // Two mixes so that neighbouring sequence numbers start far apart.
    this.state = mix32(this.seedHash ^ mix32(Math.imul(sequence + 1, golden) ^ Math.floor(sequence / 0x100000000)));
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + golden) | 0;
    return mix32(this.state);
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 0x100000000;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [min, max] (both ends included). */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }
}

/** A seed for runs that were not given one: recorded in the result so the run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

import { type Random, randomBelow } from '../prng.js';
import { TimedQueue } from './fifo.js';
import { attribute, type ToxicDefinition, timer } from './toxic.js';

/**
 * Piece sizes for one chunk of `length` bytes: about `averageSize` each, +- `sizeVariation`, split
 * recursively around the middle so that small pieces are not bunched at either end (the real
 * server's algorithm). Unlike the original it never loops or panics on a zero average or
 * variation: pieces are at least one byte.
 */
export function slicePieces(length: number, averageSize: number, sizeVariation: number, random: Random): number[] {
  const sizes: number[] = [];
  const split = (start: number, end: number) => {
    if (end - start - averageSize <= sizeVariation || end - start <= 1) {
      if (end > start) sizes.push(end - start);
      return;
    }
    const offset = sizeVariation > 0 ? randomBelow(random, sizeVariation * 2) - sizeVariation : 0;
    const mid = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + offset));
    split(start, mid);
    split(mid, end);
  };
  split(0, length);
  return sizes;
}

/**
 * Splits data into small pieces with `delay` microseconds between them. Sub-millisecond delays are
 * kept on average: pieces that are due within the current millisecond go out together, as timers
 * cannot wait less than 1 ms.
 */
export const slicerToxic: ToxicDefinition = {
  type: 'slicer',
  goStruct: 'SlicerToxic',
  attributes: [
    { name: 'average_size', goType: 'int' },
    { name: 'size_variation', goType: 'int' },
    { name: 'delay', goType: 'int' },
  ],
  create(attributes, out, { random }) {
    const averageSize = attribute(attributes, 'average_size');
    const sizeVariation = attribute(attributes, 'size_variation');
    const delayMs = attribute(attributes, 'delay') / 1000;
    const queue = new TimedQueue();
    let nextAt = 0;
    let pending: NodeJS.Timeout | null = null;
    let ended = false;

    const pump = () => {
      pending = null;
      const now = performance.now();
      while (queue.size > 0) {
        if (nextAt > now + 1) {
          pending = timer(pump, Math.ceil(nextAt - now));
          return;
        }
        out.push(queue.shift());
        nextAt = Math.max(nextAt, now) + delayMs;
      }
      if (ended) out.end();
    };

    return {
      write(chunk) {
        let offset = 0;
        for (const size of slicePieces(chunk.length, averageSize, sizeVariation, random)) {
          queue.push(chunk.subarray(offset, offset + size), 0);
          offset += size;
        }
        if (pending === null) pump();
      },
      end() {
        ended = true;
        if (queue.size === 0 && pending === null) out.end();
      },
      stop() {
        if (pending) clearTimeout(pending);
        pending = null;
        return queue.drain();
      },
    };
  },
};

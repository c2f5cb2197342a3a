import { DueRelease } from './fifo.js';
import { attribute, type ToxicDefinition } from './toxic.js';

/**
 * Limits throughput to `rate` KB/s (1 KB = 1000 bytes, as the real server counts: a chunk of n
 * bytes takes n/rate ms). Large chunks go out in pieces of at most 100 ms worth of data, so a slow
 * rate drips instead of stalling then bursting. A rate of 0 lets everything through.
 */
export const bandwidthToxic: ToxicDefinition = {
  type: 'bandwidth',
  goStruct: 'BandwidthToxic',
  attributes: [{ name: 'rate', goType: 'int64' }],
  create(attributes, out) {
    const rate = attribute(attributes, 'rate');
    const pieceSize = Math.max(1, rate * 100);
    const held = new DueRelease(out);
    let clock = 0;

    return {
      write(chunk) {
        if (rate <= 0) {
          out.push(chunk);
          return;
        }
        const now = performance.now();
        for (let offset = 0; offset < chunk.length; offset += pieceSize) {
          const piece = chunk.subarray(offset, offset + pieceSize);
          clock = Math.max(clock, now) + piece.length / rate;
          held.push(piece, clock);
        }
        held.arm(now);
      },
      end: () => held.end(),
      stop: () => held.stop(),
    };
  },
};

import { TimedQueue } from './fifo.js';
import { attribute, type ToxicDefinition, timer } from './toxic.js';

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
    const queue = new TimedQueue();
    let clock = 0;
    let pending: NodeJS.Timeout | null = null;
    let ended = false;

    const arm = (now: number) => {
      pending = timer(release, Math.ceil(queue.peekDue() - now));
    };
    const release = () => {
      pending = null;
      const now = performance.now();
      while (queue.size > 0 && queue.peekDue() <= now + 1) out.push(queue.shift());
      if (queue.size > 0) arm(now);
      else if (ended) out.end();
    };

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
          queue.push(piece, clock);
        }
        if (pending === null) arm(now);
      },
      end() {
        ended = true;
        if (queue.size === 0) out.end();
      },
      stop() {
        if (pending) clearTimeout(pending);
        pending = null;
        return queue.drain();
      },
    };
  },
};

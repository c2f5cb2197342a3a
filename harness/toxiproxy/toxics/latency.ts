import { randomBelow } from '../prng.js';
import { TimedQueue } from './fifo.js';
import { attribute, type ToxicDefinition, timer } from './toxic.js';

/**
 * Delays each chunk by `latency` ms +- `jitter` ms (uniform in [-jitter, jitter)). The delay runs
 * from the chunk's arrival, chunks keep their order (a chunk never overtakes an earlier one), and
 * one timer serves the whole queue rather than one per chunk.
 */
export const latencyToxic: ToxicDefinition = {
  type: 'latency',
  goStruct: 'LatencyToxic',
  attributes: [
    { name: 'latency', goType: 'int64' },
    { name: 'jitter', goType: 'int64' },
  ],
  create(attributes, out, { random }) {
    const latency = attribute(attributes, 'latency');
    const jitter = attribute(attributes, 'jitter');
    const queue = new TimedQueue();
    let lastDue = 0;
    let pending: NodeJS.Timeout | null = null;
    let ended = false;

    const arm = (now: number) => {
      pending = timer(release, Math.ceil(queue.peekDue() - now));
    };
    // Node timers have 1 ms resolution: a chunk due within the next millisecond goes now rather
    // than costing another timer turn.
    const release = () => {
      pending = null;
      const now = performance.now();
      while (queue.size > 0 && queue.peekDue() <= now + 1) out.push(queue.shift());
      if (queue.size > 0) arm(now);
      else if (ended) out.end();
    };

    return {
      write(chunk) {
        const now = performance.now();
        const delay = latency + (jitter > 0 ? randomBelow(random, jitter * 2) - jitter : 0);
        const due = Math.max(now + delay, lastDue);
        lastDue = due;
        if (queue.size === 0 && due <= now) {
          out.push(chunk);
          return;
        }
        queue.push(chunk, due);
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

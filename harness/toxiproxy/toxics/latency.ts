import { randomBelow } from '../prng.js';
import { DueRelease } from './fifo.js';
import { attribute, type ToxicDefinition } from './toxic.js';

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
    const held = new DueRelease(out);
    let lastDue = 0;

    return {
      write(chunk) {
        const now = performance.now();
        const delay = latency + (jitter > 0 ? randomBelow(random, jitter * 2) - jitter : 0);
        const due = Math.max(now + delay, lastDue);
        lastDue = due;
        if (held.size === 0 && due <= now) {
          out.push(chunk);
          return;
        }
        held.push(chunk, due);
        held.arm(now);
      },
      end: () => held.end(),
      stop: () => held.stop(),
    };
  },
};

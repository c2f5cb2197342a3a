import { attribute, type ToxicDefinition } from './toxic.js';

interface LimitState {
  transmitted: number;
}

/**
 * Lets `bytes` bytes through per connection and direction, then closes the connection. The count
 * lives in per-link state, so updating the toxic does not give a link a fresh allowance.
 */
export const limitDataToxic: ToxicDefinition = {
  type: 'limit_data',
  goStruct: 'LimitDataToxic',
  attributes: [{ name: 'bytes', goType: 'int64' }],
  newState: (): LimitState => ({ transmitted: 0 }),
  create(attributes, out, context) {
    const limit = attribute(attributes, 'bytes');
    const state = context.state as LimitState;
    let closed = false;
    return {
      write(chunk) {
        if (closed) {
          out.drop(chunk.length);
          return;
        }
        const remaining = Math.max(0, limit - state.transmitted);
        const passed = remaining < chunk.length ? chunk.subarray(0, remaining) : chunk;
        if (passed.length > 0) {
          state.transmitted += passed.length;
          out.push(passed);
        }
        if (passed.length < chunk.length) out.drop(chunk.length - passed.length);
        if (limit - state.transmitted <= 0) {
          closed = true;
          out.end();
        }
      },
      end() {
        if (!closed) {
          closed = true;
          out.end();
        }
      },
      stop() {
        return [];
      },
    };
  },
};

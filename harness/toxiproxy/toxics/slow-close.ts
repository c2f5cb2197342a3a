import { attribute, type ToxicDefinition, timer } from './toxic.js';

/** Lets data through untouched but holds the close for `delay` ms after the stream ends. */
export const slowCloseToxic: ToxicDefinition = {
  type: 'slow_close',
  goStruct: 'SlowCloseToxic',
  attributes: [{ name: 'delay', goType: 'int64' }],
  create(attributes, out) {
    const delay = attribute(attributes, 'delay');
    let pending: NodeJS.Timeout | null = null;
    return {
      write(chunk) {
        out.push(chunk);
      },
      end() {
        if (pending === null) pending = timer(() => out.end(), delay);
      },
      stop() {
        if (pending) clearTimeout(pending);
        pending = null;
        return [];
      },
    };
  },
};

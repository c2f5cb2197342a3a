import { attribute, type ToxicDefinition, timer } from './toxic.js';

/**
 * Drops every byte, and closes the connection `timeout` ms after the toxic starts on the link
 * (0 = never). When the input ends (the other side closed) the connection closes at once.
 */
export const timeoutToxic: ToxicDefinition = {
  type: 'timeout',
  goStruct: 'TimeoutToxic',
  attributes: [{ name: 'timeout', goType: 'int64' }],
  closeOnRemove: true,
  create(attributes, out) {
    const timeout = attribute(attributes, 'timeout');
    let pending: NodeJS.Timeout | null = timeout > 0 ? timer(() => out.end(), timeout) : null;
    const cancel = () => {
      if (pending) clearTimeout(pending);
      pending = null;
    };
    return {
      write(chunk) {
        out.drop(chunk.length);
      },
      end() {
        cancel();
        out.end();
      },
      stop() {
        cancel();
        return [];
      },
    };
  },
};

import { attribute, type ToxicDefinition, timer } from './toxic.js';

/**
 * On the first data (or the end of the stream) after it starts on a link, waits `timeout` ms and
 * then closes both sides with a TCP RST (Node's resetAndDestroy: SO_LINGER 0, as the real server
 * sets). The data that triggered it, and anything after, is dropped.
 */
export const resetPeerToxic: ToxicDefinition = {
  type: 'reset_peer',
  goStruct: 'ResetToxic',
  attributes: [{ name: 'timeout', goType: 'int64' }],
  create(attributes, out) {
    const timeout = attribute(attributes, 'timeout');
    let pending: NodeJS.Timeout | null = null;
    let triggered = false;
    const trigger = () => {
      if (triggered) return;
      triggered = true;
      pending = timer(() => out.reset(), timeout);
    };
    return {
      write(chunk) {
        out.drop(chunk.length);
        trigger();
      },
      end() {
        trigger();
      },
      stop() {
        if (pending) clearTimeout(pending);
        pending = null;
        return [];
      },
    };
  },
};

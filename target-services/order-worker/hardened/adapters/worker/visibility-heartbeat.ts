import type { Logger } from '../../application/ports/logger.js';
import type { MessageQueue } from '../../application/ports/message-queue.js';

export interface VisibilityHeartbeatOptions {
  readonly queue: Pick<MessageQueue, 'extendVisibility'>;
  readonly intervalMs: number;
  /** The message ids being worked on right now. */
  readonly held: () => string[];
  readonly logger: Logger;
}

/**
 * SQS's ChangeMessageVisibility while a message is worked on: a slow gateway call must not make
 * the message visible to another consumer. One XCLAIM for all in-flight ids per beat; a beat
 * that finds a message gone means it was acked elsewhere (it is logged, the handler's idempotency
 * makes the rest harmless).
 */
export class VisibilityHeartbeat {
  readonly #o: VisibilityHeartbeatOptions;
  #timer: NodeJS.Timeout | undefined;
  #beating = false;

  constructor(options: VisibilityHeartbeatOptions) {
    this.#o = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.beat(), this.#o.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async beat(): Promise<void> {
    // A beat slower than the interval (Redis under a fault) must not pile up behind itself.
    if (this.#beating) return;
    const ids = this.#o.held();
    if (ids.length === 0) return;
    this.#beating = true;
    try {
      const held = new Set(await this.#o.queue.extendVisibility(ids));
      const lost = ids.filter((id) => !held.has(id));
      if (lost.length > 0) this.#o.logger.warn({ messageIds: lost }, 'in-flight messages no longer pending: acked by another consumer');
    } catch (err) {
      this.#o.logger.error({ err }, 'visibility heartbeat failed');
    } finally {
      this.#beating = false;
    }
  }
}

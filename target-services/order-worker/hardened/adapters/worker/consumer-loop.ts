import type { QueueMetrics } from '../../../contract/queue-metrics.js';
import type { DeliveryOutcome, HandleDelivery } from '../../application/handle-delivery.js';
import type { Logger } from '../../application/ports/logger.js';
import type { MessageQueue } from '../../application/ports/message-queue.js';
import { VisibilityHeartbeat } from './visibility-heartbeat.js';

export interface ConsumerLoopOptions {
  readonly queue: MessageQueue;
  readonly handler: Pick<HandleDelivery, 'handle'>;
  /** Deliveries handled at once by this instance. */
  readonly concurrency: number;
  /** How often in-flight messages get their visibility timeout reset (a third of it). */
  readonly heartbeatMs: number;
  readonly metrics: QueueMetrics;
  readonly logger: Logger;
  /** How long stop() lets in-flight deliveries finish before cutting them off. */
  readonly stopGraceMs?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The worker half of an instance: keeps up to `concurrency` deliveries in flight, asks the queue
 * for as many as there are free slots (never a batch that waits behind its slowest message), and
 * keeps every in-flight message invisible to other consumers while it is worked on.
 */
export class ConsumerLoop {
  readonly #o: ConsumerLoopOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  readonly #heartbeat: VisibilityHeartbeat;
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(options: ConsumerLoopOptions) {
    this.#o = options;
    this.#heartbeat = new VisibilityHeartbeat({
      queue: options.queue,
      intervalMs: options.heartbeatMs,
      held: () => [...this.#inFlight.keys()],
      logger: options.logger,
    });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#heartbeat.start();
    this.#loop = this.#run();
  }

  /** Stops receiving, lets in-flight work finish for a moment, then aborts it (left unacked: redelivered). */
  async stop(): Promise<void> {
    this.#running = false;
    const settled = Promise.allSettled([this.#loop, ...this.#inFlight.values()]);
    await Promise.race([settled, pause(this.#o.stopGraceMs ?? 1000)]);
    this.#abort.abort(new Error('the worker is stopping'));
    this.#heartbeat.stop();
    await Promise.race([settled, pause(250)]);
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #run(): Promise<void> {
    const { queue, concurrency, logger } = this.#o;
    while (this.#running) {
      const free = concurrency - this.#inFlight.size;
      if (free <= 0) {
        await Promise.race(this.#inFlight.values());
        continue;
      }
      try {
        const deliveries = await queue.receive(free);
        for (const delivery of deliveries) this.#dispatch(delivery);
      } catch (err) {
        if (!this.#running) break;
        logger.error({ err }, 'receiving from the order queue failed; retrying in 500 ms');
        await pause(500);
      }
    }
  }

  #dispatch(delivery: Parameters<HandleDelivery['handle']>[0]): void {
    // Our own message handed back (a heartbeat was missed): it is already being worked on.
    if (this.#inFlight.has(delivery.id)) return;
    const { metrics, logger } = this.#o;
    metrics.inFlight.inc();
    const work = this.#o.handler
      .handle(delivery, this.#abort.signal)
      .then((outcome) => this.#count(outcome))
      .catch((err: unknown) => {
        metrics.failures.inc();
        logger.error({ err, correlationId: delivery.correlationId, messageId: delivery.id }, 'delivery failed; it will be redelivered');
      })
      .finally(() => {
        this.#inFlight.delete(delivery.id);
        metrics.inFlight.dec();
      });
    this.#inFlight.set(delivery.id, work);
  }

  #count(outcome: DeliveryOutcome): void {
    const { metrics } = this.#o;
    if (outcome === 'retry') metrics.failures.inc();
    else if (outcome !== 'dead-lettered') metrics.processed.inc();
    if (outcome === 'duplicate') metrics.duplicatesSkipped.inc();
  }
}

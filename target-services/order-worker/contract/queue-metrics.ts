import type { Counter, Gauge } from '../../shared/prometheus-registry.js';
import type { ServiceMetrics } from '../../shared/service-metrics.js';
import { deadLetterReasons } from './queue-contract.js';

/** Queue metric names, beside the standard service ones (documented in contract/README.md). */
export const queueMetricNames = [
  'service_queue_enqueued_total',
  'service_queue_received_total',
  'service_queue_redeliveries_total',
  'service_queue_processed_total',
  'service_queue_failures_total',
  'service_queue_dlq_total',
  'service_queue_duplicates_skipped_total',
  'service_queue_visibility_extensions_total',
  'service_queue_acks_lost_total',
  'service_queue_in_flight',
] as const;

/**
 * The queue's own signals, rendered by both variants under the same names. They are the
 * infrastructure view (sent, received, deleted) that stays green while business outcomes are lost;
 * the scenario's invariants are the business view.
 */
export class QueueMetrics {
  readonly enqueued: Counter;
  readonly received: Counter;
  readonly redeliveries: Counter;
  readonly processed: Counter;
  readonly failures: Counter;
  readonly deadLettered: Counter;
  readonly duplicatesSkipped: Counter;
  readonly visibilityExtensions: Counter;
  readonly acksLost: Counter;
  readonly inFlight: Gauge;

  constructor(metrics: ServiceMetrics) {
    const r = metrics.registry;
    this.enqueued = r.counter('service_queue_enqueued_total', 'Messages the producer endpoint put on the queue.');
    this.received = r.counter('service_queue_received_total', 'Deliveries taken from the queue (first and repeated).');
    this.redeliveries = r.counter('service_queue_redeliveries_total', 'Deliveries of a message that had been delivered before.');
    this.processed = r.counter('service_queue_processed_total', 'Messages handled and deleted (acked) by this consumer.');
    this.failures = r.counter('service_queue_failures_total', 'Deliveries whose handling failed and were left for a retry.');
    this.deadLettered = r.counter('service_queue_dlq_total', 'Messages moved to the dead-letter stream, by reason.');
    this.duplicatesSkipped = r.counter('service_queue_duplicates_skipped_total', 'Deliveries of an event already processed (no effect).');
    this.visibilityExtensions = r.counter('service_queue_visibility_extensions_total', "Heartbeats that reset a message's idle time.");
    this.acksLost = r.counter('service_queue_acks_lost_total', 'Acks that found the message already deleted (it was processed twice).');
    this.inFlight = r.gauge('service_queue_in_flight', 'Messages being handled now.');
    for (const reason of deadLetterReasons) r.touch('service_queue_dlq_total', { reason });
  }
}

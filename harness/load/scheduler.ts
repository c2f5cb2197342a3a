import type { ArrivalClock } from './stages.js';

/** Called for each arrival, in order: sequence number, intended time (performance.now() ms), stage. */
export type ArrivalHandler = (sequence: number, intendedAt: number, stage: number) => void;

// A late wake-up (a long GC, a blocked loop) can leave many arrivals due at once. They are all
// sent, late and with their lag recorded, but in slices so responses get read in between.
const maxBatch = 5000;

/**
 * Shortest sleep between two wake-ups, ms. A timer wake-up costs a Node process about 10 µs of
 * CPU on our virtual machines (a C loop: 5 µs), more than sending a request; waking for every
 * arrival at 2,000/s (one per 0.5 ms) would spend more on waking than on work. With a 3 ms floor
 * each wake-up carries the six or so arrivals that fell due meanwhile, and their responses tend
 * to come back in one I/O wake-up too. Measured at 2,000/s: 3 ms gives a lag p99 of 3-4.3 ms and
 * about 30% less CPU per request than 2 ms; 4 ms would break the 5 ms lag budget. Arrivals
 * further apart than the floor are still sent on time. Every request's lateness is recorded as
 * scheduling lag and is part of its latency from the intended time: coalescing hides nothing.
 */
export const defaultResolutionMs = 3;

/**
 * Open-model scheduler: one timer armed for the next due time, and on each wake-up every arrival
 * that is due is dispatched in one batch. No busy loop: between arrivals the process sleeps in
 * the event loop. Timers have millisecond granularity, so at high rates each wake-up carries
 * several arrivals; each is stamped with its own intended time, so lateness is measured, not hidden.
 */
export class ArrivalScheduler {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private nextAt = Number.POSITIVE_INFINITY;
  private sequence = 0;
  private running = false;

  constructor(
    private readonly clock: ArrivalClock,
    /** performance.now() of the run's start: arrival times are offsets from it. */
    private readonly origin: number,
    private readonly onArrival: ArrivalHandler,
    /** Called once after the last arrival was dispatched. */
    private readonly onDone: () => void,
    /** Shortest sleep between wake-ups, whole ms (see defaultResolutionMs). */
    private readonly resolutionMs = defaultResolutionMs,
  ) {}

  start(): void {
    this.running = true;
    this.nextAt = this.origin + this.clock.next();
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Dispatches at once every arrival due up to `until` (the end of the plan), then stops. */
  flushUntil(until: number): void {
    while (this.running && this.nextAt <= until) {
      const stage = this.clock.stage;
      this.onArrival(this.sequence++, this.nextAt, stage);
      this.nextAt = this.origin + this.clock.next();
    }
    this.stop();
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.running) return;
    const now = performance.now();
    let budget = maxBatch;
    while (this.nextAt <= now) {
      const stage = this.clock.stage;
      this.onArrival(this.sequence++, this.nextAt, stage);
      this.nextAt = this.origin + this.clock.next();
      if (!this.running) return;
      if (--budget === 0) {
        this.immediate = setImmediate(this.tick);
        return;
      }
    }
    if (this.nextAt === Number.POSITIVE_INFINITY) {
      this.running = false;
      this.onDone();
      return;
    }
    // libuv timers count whole milliseconds: rounding up avoids waking before the arrival is due.
    this.timer = setTimeout(this.tick, Math.max(this.resolutionMs, Math.ceil(this.nextAt - performance.now())));
  };
}

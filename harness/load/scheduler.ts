import type { ArrivalClock, SkipHandler } from './stages.js';

/**
 * Called for each arrival, in order: sequence number, intended time (performance.now() ms), stage.
 * Returns false, without counting it, when the generator is at its in-flight limit: nothing can
 * come back before the scheduler yields, so this arrival and every other one due by now are dropped
 * and counted together.
 */
export type ArrivalHandler = (sequence: number, intendedAt: number, stage: number) => boolean;

// A late wake-up (a long GC, a blocked loop) can leave many arrivals due at once. They are sent,
// late and with their lag recorded, in slices so responses get read in between; arrivals that
// cannot be sent are counted in one sum. No pass ever does work proportional to the rate.
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
  /** The one timer re-armed (refresh) for every floor-length sleep: no Timeout per wake-up. */
  private floorTimer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private nextAt = Number.POSITIVE_INFINITY;
  private sequence = 0;
  private running = false;

  constructor(
    private readonly clock: ArrivalClock,
    /** performance.now() of the run's start: arrival times are offsets from it. */
    private readonly origin: number,
    private readonly onArrival: ArrivalHandler,
    /** Counts dropped arrivals, per stage, in bulk. */
    private readonly onDropped: SkipHandler,
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
    if (this.floorTimer) clearTimeout(this.floorTimer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.floorTimer = undefined;
    this.immediate = undefined;
  }

  /**
   * At the end of the load phase: dispatches what is due up to `until` (the end of the plan), at
   * most one more batch; whatever a generator that fell behind could not reach is dropped. Stops.
   */
  flushUntil(until: number): void {
    if (this.running && !this.dispatchDue(until) && this.running) this.dropThrough(until);
    this.stop();
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.running) return;
    const caughtUp = this.dispatchDue(performance.now());
    if (!this.running) return;
    if (!caughtUp) {
      this.immediate = setImmediate(this.tick);
      return;
    }
    if (this.nextAt === Number.POSITIVE_INFINITY) {
      this.running = false;
      this.onDone();
      return;
    }
    // libuv timers count whole milliseconds: rounding up avoids waking before the arrival is due.
    const wait = Math.ceil(this.nextAt - performance.now());
    if (wait > this.resolutionMs) this.timer = setTimeout(this.tick, wait);
    else if (this.floorTimer) this.floorTimer.refresh();
    else this.floorTimer = setTimeout(this.tick, this.resolutionMs);
  };

  /** Dispatches every arrival due by `now`, up to one batch; false if more are due after it. */
  private dispatchDue(now: number): boolean {
    let budget = maxBatch;
    while (this.nextAt <= now) {
      if (budget-- === 0) return false;
      if (!this.onArrival(this.sequence, this.nextAt, this.clock.stage)) {
        this.dropThrough(now);
        return true;
      }
      this.sequence++;
      if (!this.running) return true;
      this.nextAt = this.origin + this.clock.next();
    }
    return true;
  }

  /** Drops the pending arrival and every one due by `now`, counted arithmetically. */
  private dropThrough(now: number): void {
    this.sequence += this.clock.skipThrough(now - this.origin, this.onDropped);
    this.nextAt = this.origin + this.clock.next();
  }
}

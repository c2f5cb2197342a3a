/** Issues one request for a VU: sequence number and VU index. Returns false when it could not be sent at all. */
export type VuIssue = (sequence: number, vu: number) => boolean;

// A VU that had no target to send to waits this long before trying again (no busy loop).
const retryAfterMs = 50;

/**
 * Closed model: each virtual user has at most one request in flight and sends the next one when
 * the previous settled, after its think time. With think time 0 the next request is written from
 * the completion of the previous one, in the same tick, like autocannon's connections: this is
 * the saturating mode used to measure maximum throughput.
 */
export class VuDriver {
  private running = false;
  private sequence = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly vus: number,
    private readonly thinkTimeMs: number,
    private readonly issue: VuIssue,
  ) {}

  start(): void {
    this.running = true;
    for (let vu = 0; vu < this.vus && this.running; vu++) this.next(vu);
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The VU's previous request settled. */
  settled(vu: number): void {
    if (!this.running) return;
    if (this.thinkTimeMs > 0) this.later(vu, this.thinkTimeMs);
    else this.next(vu);
  }

  private next(vu: number): void {
    if (!this.running) return;
    if (!this.issue(this.sequence++, vu)) this.later(vu, Math.max(this.thinkTimeMs, retryAfterMs));
  }

  private later(vu: number, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.next(vu);
    }, ms);
    this.timers.add(timer);
  }
}

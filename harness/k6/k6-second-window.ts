import { errorKinds } from '../load/error-kinds.js';
import { LatencyHistogram } from '../load/histograms.js';

/**
 * The per-second timeline of an ingest, on bounded memory. A second stays open (with its own
 * latency histogram, for its p50/p99) while points for it can still arrive, and is sealed into a
 * row once every runner's file has been read past it; its histogram then goes back to a pool.
 * So memory holds the few open seconds, not the run. Counts of a point that arrives after its
 * second was sealed (a file far out of time order) still go into the row; only that second's
 * percentiles miss it, and `latePoints` says how many did.
 */
export interface SecondRow {
  readonly second: number;
  sent: number;
  completed: number;
  dropped: number;
  readonly errors: Float64Array;
  inFlight: number;
  p50: number | null;
  p99: number | null;
}

interface OpenSecond {
  readonly row: SecondRow;
  readonly histogram: LatencyHistogram;
  /** Last `vus` gauge value of each runner in this second (VUs busy ~ requests in flight). */
  readonly vus: Map<number, number>;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

export class SecondWindow {
  readonly rows: SecondRow[] = [];
  latePoints = 0;
  private readonly open = new Map<number, OpenSecond>();
  private readonly pool: LatencyHistogram[] = [];
  /** Seconds below this are sealed. */
  private sealedBelow = 0;

  /** The row for `second` (opened on first use), and its histogram when it is still open. */
  at(second: number): { row: SecondRow; open: OpenSecond | undefined } {
    const s = Math.max(0, second);
    if (s < this.sealedBelow) {
      this.latePoints++;
      return { row: this.rowAt(s), open: undefined };
    }
    let open = this.open.get(s);
    if (!open) {
      open = { row: this.rowAt(s), histogram: this.pool.pop() ?? new LatencyHistogram(), vus: new Map() };
      this.open.set(s, open);
    }
    return { row: open.row, open };
  }

  private rowAt(second: number): SecondRow {
    for (let s = this.rows.length; s <= second; s++) {
      this.rows.push({
        second: s,
        sent: 0,
        completed: 0,
        dropped: 0,
        errors: new Float64Array(errorKinds.length),
        inFlight: 0,
        p50: null,
        p99: null,
      });
    }
    return this.rows[second] as SecondRow;
  }

  /** Seals every open second below `second`, in order. */
  sealBelow(second: number): void {
    if (second <= this.sealedBelow) return;
    for (const s of [...this.open.keys()].sort((a, b) => a - b)) {
      if (s >= second) break;
      this.seal(s);
    }
    this.sealedBelow = second;
  }

  private seal(second: number): void {
    const open = this.open.get(second) as OpenSecond;
    this.open.delete(second);
    const { row, histogram } = open;
    if (histogram.count > 0) {
      row.p50 = round3(histogram.percentile(50));
      row.p99 = round3(histogram.percentile(99));
    }
    let vus = 0;
    for (const v of open.vus.values()) vus += v;
    row.inFlight = vus;
    histogram.reset();
    this.pool.push(histogram);
  }

  /** Seals what is left and frees the histograms. */
  finish(): SecondRow[] {
    this.sealBelow(Number.MAX_SAFE_INTEGER);
    for (const h of this.pool) h.destroy();
    this.pool.length = 0;
    return this.rows;
  }

  /** Open seconds right now (for the memory claim in the tests). */
  get openCount(): number {
    return this.open.size;
  }
}

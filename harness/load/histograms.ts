import hdr from 'hdr-histogram-js';
import type { Percentiles } from './load-result.js';

/**
 * Latency histograms: HDR (never arrays of samples), microsecond resolution, 3 significant digits,
 * values from 1 µs to an hour. The WebAssembly 32-bit variant records in about 20 ns (the plain
 * JS one takes about 70 ns) and keeps its counts outside the JS heap, so the garbage collector
 * never scans them; the price is an explicit destroy() when a run ends.
 */

let wasmReady = false;
function ensureWasm(): void {
  if (!wasmReady) {
    hdr.initWebAssemblySync();
    wasmReady = true;
  }
}

const highestMicros = 3_600_000_000;

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export class LatencyHistogram {
  private readonly histogram: hdr.Histogram;
  /**
   * Values that round to 0 µs, not yet in the histogram. Most connection waits are exactly 0 (an
   * idle connection was there): counting them and folding them in with one call when the
   * histogram is read saves a WebAssembly call per request.
   */
  private zeros = 0;

  constructor() {
    ensureWasm();
    this.histogram = hdr.build({
      bitBucketSize: 32,
      useWebAssembly: true,
      autoResize: true,
      lowestDiscernibleValue: 1,
      highestTrackableValue: highestMicros,
      numberOfSignificantValueDigits: 3,
    });
  }

  /** Records one value given in milliseconds (fractions kept down to the microsecond). */
  record(ms: number): void {
    if (ms < 0.0005) {
      this.zeros++;
      return;
    }
    const micros = Math.round(ms * 1000);
    this.histogram.recordValue(micros < highestMicros ? micros : highestMicros);
  }

  /** Folds the pending zeros in; every read goes through here first. */
  private settled(): hdr.Histogram {
    if (this.zeros > 0) {
      this.histogram.recordValueWithCount(0, this.zeros);
      this.zeros = 0;
    }
    return this.histogram;
  }

  get count(): number {
    return this.settled().totalCount;
  }

  /** The value at percentile p (0-100), in milliseconds. */
  percentile(p: number): number {
    const h = this.settled();
    return h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000;
  }

  /** Folds another histogram's counts into this one. */
  add(other: LatencyHistogram): void {
    this.settled().add(other.settled());
  }

  reset(): void {
    this.zeros = 0;
    this.histogram.reset();
  }

  summary(): Percentiles {
    const h = this.settled();
    const count = h.totalCount;
    if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    const at = (p: number) => round3(h.getValueAtPercentile(p) / 1000);
    return {
      count,
      min: round3(h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue / 1000),
      mean: round3(h.mean / 1000),
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: round3(h.maxValue / 1000),
    };
  }

  /** Frees the WebAssembly memory; the histogram must not be used afterwards. */
  destroy(): void {
    this.histogram.destroy();
  }
}

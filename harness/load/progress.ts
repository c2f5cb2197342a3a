import type { LoadProgress } from './load-run.js';

/**
 * Live feedback while a run goes on: on a terminal one line redrawn every second; elsewhere (CI
 * logs, pipes) a plain line every few seconds so logs stay readable.
 */
export interface ProgressReporter {
  readonly onSecond: (progress: LoadProgress) => void;
  /** Ends the redrawn line (call before printing the summary). */
  finish(): void;
}

export interface ProgressOptions {
  /** Raw writes: the redrawn line needs `\r` without a newline. */
  readonly write: (text: string) => void;
  readonly tty: boolean;
  /** Seconds between plain lines (default 5). */
  readonly everySeconds?: number;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** One progress line: elapsed of total, rate of the last second, its p99, errors, dropped. */
export function progressLine(p: LoadProgress): string {
  const errors = p.totals.errors;
  return [
    `${seconds(p.elapsedMs)}/${seconds(p.plannedDurationMs)}`,
    `rate ${p.sample.sent}/s`,
    `p99 ${formatMs(p.sample.p99)}`,
    `errors ${errors}`,
    `dropped ${p.totals.dropped}`,
    `in-flight ${p.inFlight}`,
  ].join('  ');
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const every = options.everySeconds ?? 5;
  let drawn = false;
  return {
    onSecond(progress) {
      if (options.tty) {
        // \r + erase line: redraw in place.
        options.write(`\r\x1b[2K${progressLine(progress)}`);
        drawn = true;
      } else if ((progress.sample.second + 1) % every === 0) {
        options.write(`${progressLine(progress)}\n`);
      }
    },
    finish() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

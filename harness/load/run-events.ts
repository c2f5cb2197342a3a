import { type ErrorKind, errorKinds } from './error-kinds.js';
import type { Exchange } from './exchange.js';
import type { TimelineSecond } from './load-result.js';
import type { Recorder } from './recorder.js';
import type { ExchangeTrace, LoadProgress } from './run-options.js';

/** What `trace` receives for one settled request (kind -1: a good response). */
export function traceEvent(
  exchange: Exchange,
  name: string,
  target: string,
  now: number,
  status: number | null,
  kind: number,
  checkFailure: string | undefined,
): ExchangeTrace {
  return {
    sequence: exchange.sequence,
    name,
    target,
    intendedAt: exchange.intendedAt,
    sentAt: exchange.sentAt,
    settledAt: now,
    status,
    error: kind === -1 ? null : (errorKinds[kind] as ErrorKind),
    checkFailure: checkFailure ?? null,
  };
}

/** What `onSecond` receives when a second closes. */
export function progressOf(
  sample: TimelineSecond,
  r: Recorder,
  elapsedMs: number,
  plannedDurationMs: number,
  inFlight: number,
): LoadProgress {
  return {
    sample,
    elapsedMs,
    plannedDurationMs,
    totals: { sent: r.sent, completed: r.completed, errors: r.errors, dropped: r.dropped },
    inFlight,
  };
}

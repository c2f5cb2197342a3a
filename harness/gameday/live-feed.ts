import type { TimelineSecond } from '../load/index.js';
import type { ProbeSnapshot, ProbeValues } from '../probes/index.js';
import type { LiveFrame } from '../record/gameday-record.js';

/** Errors that arrive as an answer are inside `completed`; socket errors are not. */
const answeredErrors = ['http_4xx', 'http_5xx', 'check'] as const;

const value = (values: ProbeValues, key: string) => {
  const v = values[key];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
};
const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 100_000) / 100);

/** The probe half of a frame: PgBouncer, PostgreSQL, the instances' /metrics, Redis. */
function probePart(values: ProbeValues) {
  return {
    clWaiting: value(values, 'pgbouncer.cl_waiting'),
    deadlocks: value(values, 'pg.deadlocks_delta'),
    poolWaiting: value(values, 'services.all.service_db_pool_waiting'),
    redisClients: value(values, 'redis.connected_clients'),
    eventLoopP99: ms(value(values, 'services.max.service_event_loop_lag_p99_seconds')),
  };
}

/** One frame from a second of load (null while the load is paused) and the probes' newest values. */
export function buildFrame(
  s: number,
  sample: TimelineSecond | null,
  probes: ProbeValues,
  state: { instances: number; loadRunning: boolean },
): LiveFrame {
  const errorsByKind: Record<string, number> = { ...(sample?.errors ?? {}) };
  const errors = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
  const answered = answeredErrors.reduce((n, k) => n + (errorsByKind[k] ?? 0), 0);
  return {
    s,
    sent: sample?.sent ?? 0,
    ok: Math.max(0, (sample?.completed ?? 0) - answered),
    errorsByKind,
    errors,
    p50: sample?.p50 ?? null,
    p99: sample?.p99 ?? null,
    inFlight: sample?.inFlight ?? 0,
    dropped: sample?.dropped ?? 0,
    ...probePart(probes),
    instances: state.instances,
    loadRunning: state.loadRunning,
  };
}

/**
 * The dashboard's one clock: a frame per second of the game. While the load runs, each closed
 * load second makes a frame with the probes' newest tick; while it is paused, each probe tick
 * makes one (the system is still watched). A second is framed once, in order.
 */
export class LiveFeed {
  readonly frames: LiveFrame[] = [];
  #probes: ProbeValues = {};
  readonly #listeners = new Set<(frame: LiveFrame) => void>();
  #sealed = false;

  constructor(private readonly state: () => { instances: number; loadRunning: boolean }) {}

  /** The sampler's onTick. */
  onProbe(snapshot: ProbeSnapshot): void {
    this.#probes = snapshot.values;
    if (!this.state().loadRunning) this.push(buildFrame(snapshot.second, null, this.#probes, this.state()));
  }

  /** A load segment's onSecond; `offsetS` is the game second at which the segment started. */
  onLoadSecond(sample: TimelineSecond, offsetS: number): void {
    this.push(buildFrame(offsetS + sample.second, sample, this.#probes, this.state()));
  }

  subscribe(listener: (frame: LiveFrame) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The game is over: a second closing during teardown is neither shown nor recorded. */
  seal(): void {
    this.#sealed = true;
  }

  private push(frame: LiveFrame): void {
    if (this.#sealed) return;
    const last = this.frames.at(-1);
    if (last && frame.s <= last.s) return;
    this.frames.push(frame);
    for (const listener of this.#listeners) {
      try {
        listener(frame);
      } catch {
        // one broken listener must not starve the others
      }
    }
  }
}

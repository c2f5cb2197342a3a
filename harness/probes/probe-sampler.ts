import { setMaxListeners } from 'node:events';
import { StampedeError } from '../errors/stampede-error.js';
import type { Probe, ProbeValues } from './probe.js';
import { type ProbeTimeline, TimelineBuilder } from './probe-timeline.js';
import { firstTickAt, planTick, secondAt, secondOfTick, type TickClock, tickTime } from './tick-schedule.js';

export interface ProbeSamplerOptions {
  /** Epoch ms of the run clock's second 0, shared with the load engine. */
  readonly startedAt: number;
  /** Default 1000. */
  readonly intervalMs?: number;
  /** A sample not answered within this is recorded as null and aborted; default 800, below intervalMs. */
  readonly timeoutMs?: number;
  /** The clock (epoch ms); Date.now unless a test fakes it. */
  readonly now?: () => number;
  /**
   * Called with each recorded second as soon as its tick settles (a live dashboard's feed). It
   * gets the snapshot latest() would return; exceptions from it are ignored.
   */
  readonly onTick?: (snapshot: ProbeSnapshot) => void;
}

/** The newest recorded second, for a live dashboard. */
export interface ProbeSnapshot {
  readonly second: number;
  /** Epoch ms at which the tick started. */
  readonly at: number;
  /** `<probe>.<key>` -> value; the series of a failed probe are absent. */
  readonly values: ProbeValues;
  /** Probes that failed or timed out in this tick. */
  readonly failed: readonly string[];
}

export interface ProbeSampler {
  latest(): ProbeSnapshot | null;
  /**
   * Stops ticking, waits for the tick in flight, takes one last sample for the current (partial)
   * second, and returns the timeline. Does not close the probes: their creator owns them.
   */
  stop(): Promise<ProbeTimeline>;
}

type Outcome = { readonly ok: true; readonly values: ProbeValues } | { readonly ok: false; readonly error: string };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Asks one probe, settling at the latest when `signal` aborts; never rejects. */
function sampleOne(probe: Probe, signal: AbortSignal, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const onAbort = () => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    signal.addEventListener('abort', onAbort, { once: true });
    let pending: Promise<ProbeValues>;
    try {
      pending = Promise.resolve(probe.sample(signal));
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending
      .then(
        (values) =>
          resolve(
            values !== null && typeof values === 'object' ? { ok: true, values } : { ok: false, error: 'sample answered no values object' },
          ),
        (err: unknown) => resolve({ ok: false, error: message(err) }),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function validate(probes: readonly Probe[], intervalMs: number, timeoutMs: number): void {
  const bad = (why: string) =>
    new StampedeError('STAMPEDE_PROBE_BAD_CONFIG', `probe sampler: ${why}`, {
      hint: 'this is a wiring mistake in the runner; check the probe list and sampler options',
    });
  if (!(intervalMs > 0)) throw bad(`intervalMs must be positive, got ${intervalMs}`);
  if (!(timeoutMs > 0 && timeoutMs < intervalMs)) throw bad(`timeoutMs must be in (0, intervalMs), got ${timeoutMs}`);
  const names = new Set<string>();
  for (const probe of probes) {
    if (!/^[a-z][a-z0-9_-]*$/.test(probe.name)) throw bad(`probe name ${JSON.stringify(probe.name)} must match [a-z][a-z0-9_-]*`);
    if (names.has(probe.name)) throw bad(`two probes are named ${probe.name}`);
    names.add(probe.name);
  }
}

/**
 * Samples every probe once per interval, all in parallel, on the run's clock (see
 * tick-schedule.ts for the alignment). A probe that fails or has not answered within `timeoutMs`
 * gets `null` for that second and one more error; the sampler itself never throws after start
 * and never lets one tick run into the next.
 */
export function startProbes(probes: readonly Probe[], options: ProbeSamplerOptions): ProbeSampler {
  const intervalMs = options.intervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 800;
  const now = options.now ?? Date.now;
  validate(probes, intervalMs, timeoutMs);
  const clock: TickClock = { startedAt: options.startedAt, intervalMs };
  const timeline = new TimelineBuilder(options.startedAt, intervalMs);
  for (const probe of probes) timeline.addProbe(probe.name);

  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let latest: ProbeSnapshot | null = null;
  let stopping: Promise<ProbeTimeline> | undefined;

  async function runTick(n: number, budgetMs: number): Promise<void> {
    const at = now();
    const controller = new AbortController();
    // One signal serves every probe and every query of this tick: a dozen listeners is normal.
    setMaxListeners(0, controller.signal);
    const deadline = setTimeout(() => controller.abort(new Error(`probe sample exceeded ${budgetMs} ms`)), budgetMs);
    deadline.unref();
    const outcomes = await Promise.all(probes.map((probe) => sampleOne(probe, controller.signal, budgetMs)));
    clearTimeout(deadline);
    timeline.countSample();
    const values: ProbeValues = {};
    const failed: string[] = [];
    outcomes.forEach((outcome, i) => {
      const probe = probes[i] as Probe;
      if (!outcome.ok) {
        timeline.countError(probe.name, outcome.error);
        failed.push(probe.name);
        return;
      }
      for (const [key, value] of Object.entries(outcome.values)) values[`${probe.name}.${key}`] = value;
    });
    const second = secondOfTick(n);
    if (second < 0) return;
    timeline.record(second, values);
    latest = { second, at, values, failed };
    try {
      options.onTick?.(latest);
    } catch {
      // a dashboard's bug must not stop the sampling
    }
  }

  function schedule(due: number): void {
    timer = setTimeout(() => fire(due), Math.max(0, tickTime(clock, due) - now()));
    timer.unref();
  }

  function fire(due: number): void {
    if (stopping) return;
    const plan = planTick(clock, timeoutMs, due, now());
    timeline.countMissed(plan.missed);
    if (!plan.run) {
      schedule(plan.next);
      return;
    }
    // The next tick is placed before this one samples: a slow probe can never delay it.
    schedule(plan.n + 1);
    inFlight = runTick(plan.n, plan.budgetMs);
  }

  schedule(firstTickAt(clock, now()));

  return {
    latest: () => latest,
    stop() {
      stopping ??= (async () => {
        clearTimeout(timer);
        await inFlight;
        // The partial second under way is sampled once more, unless it has only just begun.
        const at = now();
        const current = secondAt(clock, at);
        if (current >= 0 && at > tickTime(clock, current) && (timeline.lastSecond ?? -1) < current) await runTick(current + 1, timeoutMs);
        return timeline.toJSON();
      })();
      return stopping;
    },
  };
}

import { Agent } from 'node:http';
import { StampedeError } from '../errors/stampede-error.js';
import { deltaName, withDeltas } from './counter-deltas.js';
import { scrapeText } from './http-scrape.js';
import type { Probe, ProbeValues } from './probe.js';
import { kindOf, parsePrometheusText, seriesKey } from './prometheus-text.js';

/** One service instance to scrape. */
export interface ServiceTarget {
  /** Series prefix, e.g. `naive-1`: letters, digits, `-` and `_` (not `all` or `max`). */
  readonly instance: string;
  /** Base URL of the instance, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Default `/metrics`. */
  readonly metricsPath?: string;
  /**
   * The instance has just started, so its counters began at zero: its first scrape counts in
   * full in the delta series instead of being a baseline. Set by the runner when it starts or
   * restarts an instance; leave unset for one that was already running.
   */
  readonly fresh?: boolean;
}

export interface ServiceMetricsProbe extends Probe {
  /** Replaces the scraped instances; takes effect at the next tick. */
  setTargets(targets: readonly ServiceTarget[]): void;
  targets(): readonly ServiceTarget[];
}

export interface ServiceMetricsProbeOptions {
  /** Series prefix; default `services`. */
  readonly name?: string;
  readonly targets?: readonly ServiceTarget[];
  /**
   * Bound on each instance's scrape (default 600), below the sampler's timeout so that one hung
   * instance costs its own series, not everyone's.
   */
  readonly scrapeTimeoutMs?: number;
}

const reserved = new Set(['all', 'max']);

function checkTargets(targets: readonly ServiceTarget[]): void {
  const seen = new Set<string>();
  for (const target of targets) {
    const bad = (why: string) =>
      new StampedeError('STAMPEDE_PROBE_BAD_CONFIG', `service metrics target ${JSON.stringify(target.instance)}: ${why}`, {
        hint: 'instance names are letters, digits, - and _; URLs are http://host:port',
        details: { target },
      });
    if (!/^[A-Za-z0-9_-]+$/.test(target.instance) || reserved.has(target.instance)) throw bad('invalid instance name');
    if (seen.has(target.instance)) throw bad('instance given twice');
    seen.add(target.instance);
    let url: URL;
    try {
      url = new URL(target.metricsPath ?? '/metrics', target.url);
    } catch (err) {
      throw bad(`invalid URL ${JSON.stringify(target.url)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (url.protocol !== 'http:') throw bad(`only http:// is scraped, got ${url.protocol}`);
  }
}

interface Scraped {
  readonly target: ServiceTarget;
  readonly values: ProbeValues | null;
  readonly counters: readonly string[];
}

/**
 * Scrapes `GET /metrics` of every service instance. Series names:
 * - `<instance>.<metric>{<labels sorted by name>}` as scraped, e.g.
 *   `naive-1.service_db_errors_total{sqlstate="40P01"}` (the probe prefix makes it
 *   `services.naive-1.…`); histogram buckets and summary quantiles are left out, their `_sum`
 *   and `_count` kept as counters;
 * - `<instance>.up`: 1 when the scrape succeeded, 0 when it failed (then its other series are null);
 * - counters (TYPE counter, or `_total` without a TYPE) also get `<metric>_delta{labels}`;
 * - `all.<metric>{labels}`: the sum over the instances that answered; for counters,
 *   `all.<metric>_delta{labels}` is the sum of the instances' deltas, so an instance that goes
 *   away or restarts does not look like a drop or a jump;
 * - `max.<metric>{labels}` for gauges: the worst instance (event-loop lag, pool waiting).
 */
export function createServiceMetricsProbe(options: ServiceMetricsProbeOptions = {}): ServiceMetricsProbe {
  const scrapeTimeoutMs = options.scrapeTimeoutMs ?? 600;
  const agent = new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1, timeout: 10_000 });
  let targets: readonly ServiceTarget[] = [];
  /** Instances whose first scrape is still to come and whose counters start at zero. */
  let fresh = new Set<string>();
  let last: ReadonlyMap<string, number> = new Map();

  function setTargets(next: readonly ServiceTarget[]): void {
    checkTargets(next);
    const kept = new Set(next.map((t) => t.instance));
    last = new Map([...last].filter(([key]) => kept.has(key.slice(0, key.indexOf('.')))));
    fresh = new Set([...next.filter((t) => t.fresh).map((t) => t.instance), ...[...fresh].filter((i) => kept.has(i))]);
    targets = [...next];
  }
  setTargets(options.targets ?? []);

  async function scrapeOne(target: ServiceTarget, signal: AbortSignal): Promise<Scraped> {
    try {
      const text = await scrapeText(new URL(target.metricsPath ?? '/metrics', target.url), {
        agent,
        signal: AbortSignal.any([signal, AbortSignal.timeout(scrapeTimeoutMs)]),
      });
      const exposition = parsePrometheusText(text);
      const values: ProbeValues = { up: 1 };
      const counters: string[] = [];
      for (const sample of exposition.samples) {
        const kind = kindOf(sample, exposition.types);
        if (kind.part === 'bucket' || kind.part === 'quantile') continue;
        const key = seriesKey(sample.name, sample.labels);
        values[key] = Number.isFinite(sample.value) ? sample.value : null;
        if (kind.type === 'counter' || kind.part === 'sum' || kind.part === 'count') counters.push(key);
      }
      return { target, values, counters };
    } catch {
      return { target, values: null, counters: [] };
    }
  }

  return {
    name: options.name ?? 'services',
    setTargets,
    targets: () => targets,
    async sample(signal) {
      const scraped = await Promise.all(targets.map((target) => scrapeOne(target, signal)));
      signal.throwIfAborted();
      const out: ProbeValues = {};
      const sums = new Map<string, number>();
      const maxima = new Map<string, number>();
      const deltaSums = new Map<string, number | null>();
      let nextLast: Map<string, number> = new Map(last);
      const seeded = new Set<string>();
      for (const { target, values, counters } of scraped) {
        const prefix = `${target.instance}.`;
        if (!values) {
          out[`${prefix}up`] = 0;
          sums.set('up', sums.get('up') ?? 0);
          continue;
        }
        const prior = new Map(nextLast);
        if (fresh.has(target.instance)) {
          for (const key of counters) if (!prior.has(prefix + key)) prior.set(prefix + key, 0);
          seeded.add(target.instance);
        }
        const prefixed: ProbeValues = {};
        for (const [key, value] of Object.entries(values)) prefixed[prefix + key] = value;
        const step = withDeltas(
          prefixed,
          counters.map((key) => prefix + key),
          prior,
        );
        nextLast = new Map(step.last);
        Object.assign(out, step.values);
        const isCounter = new Set(counters);
        for (const [key, value] of Object.entries(values)) {
          if (value === null) continue;
          sums.set(key, (sums.get(key) ?? 0) + value);
          if (isCounter.has(key)) {
            const delta = step.values[deltaName(prefix + key)] ?? null;
            const sofar = deltaSums.get(key) ?? null;
            deltaSums.set(key, delta === null ? sofar : (sofar ?? 0) + delta);
          } else if (key !== 'up') maxima.set(key, Math.max(maxima.get(key) ?? Number.NEGATIVE_INFINITY, value));
        }
      }
      for (const [key, sum] of sums) out[`all.${key}`] = sum;
      for (const [key, delta] of deltaSums) out[`all.${deltaName(key)}`] = delta;
      for (const [key, max] of maxima) out[`max.${key}`] = max;
      if (!signal.aborted) {
        // Targets may have changed while this sample ran: keep only the current instances' baselines.
        const current = new Set(targets.map((t) => t.instance));
        last = new Map([...nextLast].filter(([key]) => current.has(key.slice(0, key.indexOf('.')))));
        for (const instance of seeded) fresh.delete(instance);
      }
      return out;
    },
    async close() {
      agent.destroy();
    },
  };
}

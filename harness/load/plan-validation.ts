import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { Duration, LoadPlan, RequestTemplate } from './load-plan.js';
import { randomSeed } from './prng.js';
import { maxRate } from './rate-bound.js';
import { encodeRequest } from './request-encoding.js';
import { buildRamps, type Ramp, totalDurationMs } from './stages.js';
import { parseTarget, type Target } from './target-url.js';

/** A plan checked and with its defaults filled in: what the runner works from. */
export interface NormalizedPlan {
  readonly model: 'arrival-rate' | 'vus';
  readonly targets: readonly Target[];
  readonly requests: readonly RequestTemplate[];
  readonly seed: number;
  readonly connections: number;
  readonly timeoutMs: number;
  readonly allowRemoteTarget: boolean;
  readonly durationMs: number;
  /** Arrival-rate only (empty for vus). */
  readonly ramps: readonly Ramp[];
  readonly maxInFlight: number;
  readonly vus: number;
  readonly thinkTimeMs: number;
}

export const defaultTimeoutMs = 10_000;
export const defaultMaxInFlight = 1000;
export const defaultConnections = 100;

export { maxRate } from './rate-bound.js';

const probeTarget: Target = { url: 'http://127.0.0.1/', host: '127.0.0.1', port: 80, hostHeader: '127.0.0.1', path: '/' };

function bad(path: string, message: string, hint: string): StampedeError {
  return new StampedeError('STAMPEDE_LOAD_BAD_PLAN', `load plan ${path}: ${message}`, { hint, details: { path } });
}

function durationMs(value: Duration | undefined, path: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw bad(path, `expects a duration (milliseconds or text like '20s'), got ${JSON.stringify(value)}`, "for example '30s'");
  }
  return ms;
}

function positiveInteger(value: number | undefined, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw bad(path, `expects a whole number >= 1, got ${value}`, 'for example 100');
  return value;
}

function rate(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw bad(path, `expects a rate in requests/s >= 0, got ${JSON.stringify(value)}`, 'for example 2000');
  }
  if (value > maxRate) {
    throw bad(
      path,
      `asks for ${value} requests/s, above the limit of ${maxRate}`,
      `one generator sends ~100k/s at most; ask for <= ${maxRate}`,
    );
  }
  return value;
}

function checkTemplates(requests: readonly RequestTemplate[] | undefined): readonly RequestTemplate[] {
  if (!Array.isArray(requests) || requests.length === 0) {
    throw bad('requests', 'needs at least one request template', "for example [{ name: 'home', request: { path: '/' } }]");
  }
  const names = new Set<string>();
  requests.forEach((t, i) => {
    if (typeof t?.name !== 'string' || t.name === '')
      throw bad(`requests[${i}].name`, 'must be a non-empty string', "for example 'checkout'");
    if (names.has(t.name)) throw bad(`requests[${i}].name`, `"${t.name}" is used twice`, 'give each template its own name');
    names.add(t.name);
    if (t.weight !== undefined && !(Number.isFinite(t.weight) && t.weight > 0)) {
      throw bad(`requests[${i}].weight`, `must be a number > 0, got ${t.weight}`, 'weights are relative: 1, 3, 0.5...');
    }
    if (typeof t.request !== 'function' && (typeof t.request !== 'object' || t.request === null)) {
      throw bad(`requests[${i}].request`, 'must be a request object or a builder function', "for example { method: 'GET', path: '/' }");
    }
    if (t.check !== undefined && typeof t.check !== 'function') throw bad(`requests[${i}].check`, 'must be a function', 'or leave it out');
    if (
      t.expectedStatuses !== undefined &&
      !(
        Array.isArray(t.expectedStatuses) &&
        t.expectedStatuses.every((c: unknown) => Number.isInteger(c) && (c as number) >= 100 && (c as number) <= 599)
      )
    ) {
      throw bad(`requests[${i}].expectedStatuses`, 'must be a list of HTTP status codes (100-599)', 'for example [409]');
    }
    if (typeof t.request === 'object') {
      // Fixed requests are encoded lazily per target: find their mistakes before the run starts.
      try {
        encodeRequest(t.request, probeTarget);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw bad(`requests[${i}].request`, message, (err as StampedeError).hint ?? 'fix the request');
      }
    }
  });
  return requests;
}

/** Checks a plan and fills in its defaults; throws StampedeError with the path of the bad field. */
export function normalizePlan(plan: LoadPlan): NormalizedPlan {
  if (plan?.model !== 'arrival-rate' && plan?.model !== 'vus') {
    throw bad(
      'model',
      `must be 'arrival-rate' or 'vus', got ${JSON.stringify((plan as { model?: unknown })?.model)}`,
      "use 'arrival-rate' (open) or 'vus' (closed)",
    );
  }
  const allowRemoteTarget = plan.allowRemoteTarget === true;
  if (!Array.isArray(plan.targets)) throw bad('targets', 'must be a list of URLs', "for example ['http://127.0.0.1:3000']");
  const targets = plan.targets.map((url, i) => {
    try {
      return parseTarget(url, allowRemoteTarget);
    } catch (err) {
      if (err instanceof StampedeError && err.code === 'STAMPEDE_LOAD_BAD_PLAN') throw bad(`targets[${i}]`, err.message, err.hint ?? '');
      throw err;
    }
  });
  const requests = checkTemplates(plan.requests);
  const seed = plan.seed === undefined ? randomSeed() : plan.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw bad('seed', `must be a whole number 0..4294967295, got ${seed}`, 'for example 42');
  const timeoutMs = durationMs(plan.timeout, 'timeout', defaultTimeoutMs);
  if (timeoutMs <= 0) throw bad('timeout', 'must be more than 0', "for example '10s'");
  const common = { targets, requests, seed, timeoutMs, allowRemoteTarget };

  if (plan.model === 'arrival-rate') {
    if (!Array.isArray(plan.stages) || plan.stages.length === 0) {
      throw bad('stages', 'needs at least one stage', "for example [{ duration: '20s', target: 2000 }]");
    }
    const startRate = plan.startRate === undefined ? 0 : rate(plan.startRate, 'startRate');
    const stages = plan.stages.map((s, i) => ({
      durationMs: durationMs(s?.duration, `stages[${i}].duration`),
      target: rate(s?.target, `stages[${i}].target`),
    }));
    const ramps = buildRamps(startRate, stages);
    const total = totalDurationMs(ramps);
    if (total <= 0) throw bad('stages', 'last for 0 ms in all', "give a stage a duration, e.g. '20s'");
    return {
      ...common,
      model: 'arrival-rate',
      connections: positiveInteger(plan.connections, 'connections', defaultConnections),
      durationMs: total,
      ramps,
      maxInFlight: positiveInteger(plan.maxInFlight, 'maxInFlight', defaultMaxInFlight),
      vus: 0,
      thinkTimeMs: 0,
    };
  }
  if (plan.vus === undefined) throw bad('vus', 'is required for the vus model', 'for example vus: 50');
  const vus = positiveInteger(plan.vus, 'vus', 1);
  const total = durationMs(plan.duration, 'duration');
  if (total <= 0) throw bad('duration', 'must be more than 0', "for example '20s'");
  return {
    ...common,
    model: 'vus',
    connections: positiveInteger(plan.connections, 'connections', vus),
    durationMs: total,
    ramps: [],
    maxInFlight: vus,
    vus,
    thinkTimeMs: durationMs(plan.thinkTime, 'thinkTime', 0),
  };
}

import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { ScenarioDefinition } from '../scenario/scenario-types.js';

/**
 * The k6 `options.scenarios` entry for a scenario's load: k6's ramping-arrival-rate is the same
 * open model as ours (a start rate, then stages ramping linearly to each target, requests/s).
 *
 * Our engine drops a due request when `maxInFlight` are already in flight; in k6 one VU holds
 * one request in flight, and an arrival that finds no free VU is a dropped iteration. So
 * maxVUs = maxInFlight keeps the same limit. preAllocatedVUs covers the peak rate at one second
 * of latency (Little's law: VUs busy = rate x latency), which spares k6 from allocating VUs
 * mid-test in the common case without paying memory for all of maxInFlight up front.
 */
export interface K6ScenarioOptions {
  readonly executor: 'ramping-arrival-rate';
  readonly startRate: number;
  readonly timeUnit: '1s';
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
  readonly stages: { duration: string; target: number }[];
  /** Time given to in-flight iterations after the last stage: the request timeout, as our engine drains. */
  readonly gracefulStop: string;
}

function milliseconds(text: string | number, what: string): number {
  const ms = typeof text === 'number' ? text : parseDuration(text);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new StampedeError('STAMPEDE_SCENARIO_INVALID', `${what} "${text}" is not a duration`, {
      hint: 'write durations as 500ms, 20s or 2m',
    });
  }
  return Math.round(ms);
}

/** A scenario name as a k6 scenario key (letters, digits, `_` and `-`). */
export function k6ScenarioKey(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function scenarioRequestTimeoutMs(scenario: ScenarioDefinition): number {
  return milliseconds(scenario.load.timeout, 'load.timeout');
}

export function k6ScenarioOptions(scenario: ScenarioDefinition): K6ScenarioOptions {
  const { load } = scenario;
  const stages = load.stages.map((s, i) => ({ duration: `${milliseconds(s.duration, `load.stages.${i}.duration`)}ms`, target: s.target }));
  const peak = Math.max(load.startRate ?? 0, ...load.stages.map((s) => s.target));
  const maxVUs = Math.max(1, Math.floor(load.maxInFlight));
  return {
    executor: 'ramping-arrival-rate',
    startRate: load.startRate ?? 0,
    timeUnit: '1s',
    preAllocatedVUs: Math.min(maxVUs, Math.max(1, Math.ceil(peak))),
    maxVUs,
    stages,
    gracefulStop: `${scenarioRequestTimeoutMs(scenario)}ms`,
  };
}

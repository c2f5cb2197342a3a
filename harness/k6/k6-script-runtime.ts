import type { RequestSpec, ResponseView } from '../load/load-plan.js';
import { type MixEntry, RequestMix } from '../load/request-mix.js';
import type { ScenarioContext, ScenarioDefinition, VariantName } from '../scenario/scenario-types.js';

/**
 * The part of an exported script that runs inside k6 (bundled into it with esbuild; never run by
 * Node except through the recording stand-in of k6-stand-in.ts). It builds request n with the
 * very RequestMix our engine uses, so request n of k6 is request n of `stampede run` for the
 * same seed. k6's modules are handed in rather than imported: this file then type-checks with the
 * rest of the harness, and the exported script's glue is what @types/k6 checks.
 *
 * n is `exec.scenario.iterationInTest`: unique across every k6 instance of a distributed run
 * (k6-operator splits a test into execution segments), so parallel runners never build the same
 * request twice and together build the same sequence as one runner.
 */

/** The few k6 APIs the script uses (k6/http, k6, k6/execution, k6/metrics). */
export interface K6Modules {
  readonly http: {
    request(method: string, url: string, body: string | ArrayBuffer | null, params: Record<string, unknown>): K6Response;
    expectedStatuses(...statuses: (number | { min: number; max: number })[]): unknown;
    setResponseCallback(callback: unknown): void;
  };
  readonly check: (value: unknown, sets: Record<string, (value: unknown) => boolean>, tags?: Record<string, string>) => boolean;
  readonly exec: { readonly scenario: { readonly iterationInTest: number } };
  readonly Counter: new (name: string) => { add(value: number, tags?: Record<string, string>): void };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface K6Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | ArrayBuffer | null;
  readonly error_code?: number;
}

/** What the export bakes into the script for the runtime. */
export interface K6RuntimeConfig {
  readonly seed: number;
  readonly scale: number;
  readonly variant: VariantName;
  readonly timeoutMs: number;
}

/** The counter a failed response check adds to, tagged with the request name and the failure. */
export const checkFailedMetric = 'stampede_check_failed';

const notInK6 = (what: string) => () => {
  throw new Error(`${what} is not available inside k6: seeding and invariants stay with Stampede (stampede run --engine k6)`);
};

/**
 * The ScenarioContext a workload gets in k6's init context: the seed and scale the export was
 * given, and nothing that reaches a database (the pool throws if a request builder touches it).
 */
export function k6ScenarioContext(config: K6RuntimeConfig): ScenarioContext {
  const db = { query: notInK6('ctx.db'), connect: notInK6('ctx.db'), end: notInK6('ctx.db'), on: notInK6('ctx.db') };
  return {
    databaseUrl: '',
    redisUrl: '',
    db: db as unknown as ScenarioContext['db'],
    variant: config.variant,
    upstreams: {},
    scale: config.scale,
    seed: config.seed,
  };
}

/** Base URLs from STAMPEDE_TARGETS (comma-separated), without a trailing slash. */
export function parseTargetList(raw: string | undefined): string[] {
  const targets = (raw ?? '')
    .split(',')
    .map((t) => t.trim().replace(/\/+$/, ''))
    .filter((t) => t !== '');
  if (targets.length === 0) {
    throw new Error('STAMPEDE_TARGETS is empty: run k6 with -e STAMPEDE_TARGETS=http://host:port[,http://host2:port]');
  }
  return targets;
}

function urlFor(target: string, spec: RequestSpec): string {
  return spec.path === undefined ? target : `${target.replace(/^(\w+:\/\/[^/]+).*$/, '$1')}${spec.path}`;
}

function bodyFor(spec: RequestSpec): string | ArrayBuffer | null {
  if (spec.body === undefined) return null;
  if (typeof spec.body === 'string') return spec.body;
  const bytes = spec.body;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}

/** Runs a template's check the way our engine does: a throwing check is a failed check. */
function runCheck(entry: MixEntry, response: K6Response): string | undefined {
  if (!entry.check) return undefined;
  const view: ResponseView = {
    status: response.status,
    headers: lowerCaseHeaders(response.headers),
    body: typeof response.body === 'string' ? response.body : '',
  };
  try {
    const verdict = entry.check(view);
    return verdict ? String(verdict) : undefined;
  } catch {
    return 'check threw';
  }
}

export interface K6Load {
  /** One k6 iteration: request number exec.scenario.iterationInTest. */
  iteration(): void;
}

/** Builds the workload once per VU (k6's init context) and returns the iteration function. */
export function createK6Load(scenario: ScenarioDefinition, config: K6RuntimeConfig, k6: K6Modules): K6Load {
  const workload = scenario.workload(k6ScenarioContext(config));
  const mix = new RequestMix(workload.requests, config.seed);
  const targets = parseTargetList(k6.env.STAMPEDE_TARGETS);
  const checkFailed = new k6.Counter(checkFailedMetric);
  const callbacks = mix.entries.map((entry) =>
    entry.expected ? k6.http.expectedStatuses({ min: 200, max: 399 }, ...entry.expected) : undefined,
  );
  const shared = callbacks.every((c) => c === undefined) ? undefined : callbacks.length === 1 ? callbacks[0] : null;
  // One template (or none with extra statuses): one global callback, as k6's docs do it;
  // otherwise each request carries its own template's callback.
  if (shared) k6.http.setResponseCallback(shared);

  return {
    iteration() {
      const n = k6.exec.scenario.iterationInTest;
      const entry = mix.entries[mix.choose(n)] as MixEntry;
      const spec = mix.build(entry, n);
      const target = targets[n % targets.length] as string;
      const tags = { name: entry.name };
      const params: Record<string, unknown> = { headers: spec.headers ?? {}, tags, timeout: config.timeoutMs };
      if (!entry.check) params.responseType = 'none';
      const own = callbacks[entry.index];
      if (shared === null && own) params.responseCallback = own;
      const response = k6.http.request(spec.method ?? 'GET', urlFor(target, spec), bodyFor(spec), params);
      // A transport failure has no response to judge (our engine runs no check on it either).
      if (!entry.check || response.status === 0) return;
      const failure = runCheck(entry, response);
      k6.check(response, { [`${entry.name} passes its check`]: () => failure === undefined }, tags);
      if (failure !== undefined) checkFailed.add(1, { ...tags, failure, status: String(response.status) });
    },
  };
}

import { join } from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { buildK6Script } from '../../harness/k6/k6-export.js';
import { type RecordedRequest, runInStandIn } from '../../harness/k6/k6-stand-in.js';
import { previewRequests } from '../../harness/load/request-mix.js';
import { builtInScenarios, loadScenario } from '../../harness/scenario/load-scenario.js';
import type { ScenarioContext, ScenarioDefinition } from '../../harness/scenario/scenario-types.js';
import { makeStateDir } from '../helpers/state-dir.js';

// THE k6 SIDE OF THESE TESTS IS A STAND-IN, NOT k6 (no k6 binary runs here): the exported script
// is evaluated in a bare V8 context with small recording fakes of k6/http, k6/execution, k6 and
// k6/metrics (harness/k6/k6-stand-in.ts). What it proves is that the script's own code builds
// the same requests as our engine for the same seed; not how k6 schedules or sends them.

const root = distRoot();
const count = 10_000;
const targets = ['http://127.0.0.1:3001', 'http://127.0.0.1:3002'];

/** The context our engine's runner hands workload(): only seed and scale shape the requests. */
function engineContext(seed: number): ScenarioContext {
  return { databaseUrl: '', redisUrl: '', db: {} as pg.Pool, variant: 'hardened', upstreams: {}, scale: 1, seed };
}

async function exported(name: string, seed: number): Promise<{ scenario: ScenarioDefinition; text: string }> {
  const scenario = await loadScenario(name, { distRoot: root, stateDir: makeStateDir() });
  const script = await buildK6Script({
    scenario,
    scenarioFile: join(root, 'scenarios', `${name}.js`),
    distRoot: root,
    outDir: makeStateDir(),
    seed,
    scale: 1,
  });
  return { scenario, text: script.text };
}

function asEngineSees(r: RecordedRequest) {
  const url = new URL(r.url);
  return {
    sequence: r.sequence,
    name: r.tags.name,
    method: r.method,
    path: `${url.pathname}${url.search}`,
    headers: r.headers,
    body: r.body ?? undefined,
  };
}

describe('an exported script builds the same requests as our engine (k6 side: a recording stand-in)', () => {
  for (const name of builtInScenarios(root)) {
    it(`${name}: the first ${count.toLocaleString('en')} requests for seed 42 equal previewRequests()`, async () => {
      const seed = 42;
      const { scenario, text } = await exported(name, seed);
      const run = await runInStandIn(text, { STAMPEDE_TARGETS: targets.join(',') }, count);
      const engine = previewRequests(scenario.workload(engineContext(seed)).requests, seed, count);
      expect(run.requests).toHaveLength(count);
      const k6Side = run.requests.map(asEngineSees);
      const ours = engine.map((r) => ({
        sequence: r.sequence,
        name: r.name,
        method: r.method,
        path: r.path,
        headers: r.headers,
        body: r.body,
      }));
      expect(k6Side).toEqual(ours);
      // Request n goes to target n mod count.
      expect(run.requests.slice(0, 4).map((r) => new URL(r.url).origin)).toEqual([...targets, ...targets]);
      // More than one kind of request, and not all alike: the comparison has something to compare.
      expect(new Set(ours.map((r) => r.name)).size).toBeGreaterThan(0);
      expect(new Set(ours.map((r) => `${r.path}${r.body}`)).size).toBeGreaterThan(count / 10);
    }, 60_000);
  }

  it('another seed gives other requests (the seed baked into the script is the one used)', async () => {
    const a = await runInStandIn((await exported('black-friday-routing', 1)).text, { STAMPEDE_TARGETS: targets[0] as string }, 200);
    const b = await runInStandIn((await exported('black-friday-routing', 2)).text, { STAMPEDE_TARGETS: targets[0] as string }, 200);
    expect(a.requests.map((r) => r.body)).not.toEqual(b.requests.map((r) => r.body));
  }, 60_000);

  it('runners that split the iterations (execution segments) build together the sequence one runner builds', async () => {
    const { text } = await exported('order-queue-duplicates', 5);
    const env = { STAMPEDE_TARGETS: targets.join(',') };
    const whole = await runInStandIn(text, env, 900);
    // k6 stripes iterations over the segments; here three runners, each a fresh VU, take every third one.
    const runners = await Promise.all(
      [0, 1, 2].map((k) =>
        runInStandIn(
          text,
          env,
          Array.from({ length: 300 }, (_, i) => 3 * i + k),
        ),
      ),
    );
    const merged = runners.flatMap((r) => r.requests).sort((a, b) => a.sequence - b.sequence);
    expect(merged).toEqual(whole.requests);
  }, 60_000);

  it('declares the k6 options from the scenario and tags every request with its name', async () => {
    const { scenario, text } = await exported('flash-sale-checkout', 1);
    const run = await runInStandIn(text, { STAMPEDE_TARGETS: targets[0] as string }, 50);
    const options = run.options as { scenarios: Record<string, { executor: string; stages: unknown[] }> };
    expect(options.scenarios['flash-sale-checkout']?.executor).toBe('ramping-arrival-rate');
    expect(options.scenarios['flash-sale-checkout']?.stages).toHaveLength(scenario.load.stages.length);
    expect(run.requests.every((r) => ['checkout', 'order-page', 'product-page'].includes(r.tags.name as string))).toBe(true);
    expect(run.metrics).toContain('stampede_check_failed');
  }, 60_000);
});

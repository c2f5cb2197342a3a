import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { buildK6Script, exportK6Script } from '../../harness/k6/k6-export.js';
import { builtInScenarios, loadScenario } from '../../harness/scenario/load-scenario.js';
import { rejection } from '../helpers/rejection.js';
import { makeStateDir } from '../helpers/state-dir.js';

const root = distRoot();

async function builtIn(name: string) {
  const dir = makeStateDir();
  const scenario = await loadScenario(name, { distRoot: root, stateDir: dir });
  return { scenario, scenarioFile: join(root, 'scenarios', `${name}.js`), dir };
}

/** A scenario file written for the test, with the request builder given. */
function scenarioFile(dir: string, name: string, builder: string): string {
  const file = join(dir, `${name}.ts`);
  const define = resolve('harness/scenario/define-scenario.ts');
  writeFileSync(
    file,
    `import { readFileSync } from 'node:fs';
import { defineScenario } from ${JSON.stringify(define)};
export default defineScenario({
  name: '${name}', incident: 'A request builder that reads a file for every request it builds.', sources: [],
  service: 'route-optimizer', variants: ['hardened'], instances: 1, upstreams: [],
  load: { stages: [{ duration: '2s', target: 5 }], maxInFlight: 10, timeout: '1s' },
  seed: async () => { readFileSync('/etc/hostname'); return {}; },
  workload: () => ({ requests: [{ name: 'only', request: ${builder} }], invariants: [] }),
  chaos: [], expect: { hardened: { http_req_failed: ['rate<0.05', 'count<3'], deadlocks: ['count==0'] } },
});\n`,
  );
  return file;
}

describe('stampede k6 export', () => {
  it('exports every built-in scenario: ramping-arrival-rate with its stages, VUs from maxInFlight, Node-only imports stubbed', async () => {
    const names = builtInScenarios(root);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const { scenario, scenarioFile: file } = await builtIn(name);
      const script = await buildK6Script({ scenario, scenarioFile: file, distRoot: root, outDir: makeStateDir(), seed: 1, scale: 1 });
      expect(script.executor).toMatchObject({
        executor: 'ramping-arrival-rate',
        startRate: scenario.load.startRate ?? 0,
        maxVUs: scenario.load.maxInFlight,
      });
      expect(script.executor.stages.map((s) => s.target)).toEqual(scenario.load.stages.map((s) => s.target));
      expect(script.executor.preAllocatedVUs).toBeLessThanOrEqual(script.executor.maxVUs);
      // The seeding code's drivers never reach k6; the request mix does.
      expect(script.stubbed).toContain('pg');
      expect(script.text).toMatch(/^import http from 'k6\/http';$/m);
      expect(script.text).not.toMatch(/\brequire\(/);
    }
  });

  it('translates expect to k6 thresholds where k6 has the metric, and lists the rest with the reason', async () => {
    const { scenario, scenarioFile: file } = await builtIn('black-friday-routing');
    const script = await buildK6Script({
      scenario,
      scenarioFile: file,
      distRoot: root,
      outDir: makeStateDir(),
      seed: 1,
      scale: 1,
      extraThresholds: { 'http_req_duration:assign-truck': ['p(95)<300'], dropped_iterations: ['count==0'] },
    });
    expect(script.variant).toBe('hardened');
    expect(script.thresholds).toEqual({
      http_req_failed: ['rate<0.01'],
      http_req_duration: ['p(99)<1000'],
      'http_req_duration{name:assign-truck}': ['p(95)<300'],
      dropped_iterations: ['count==0'],
    });
    expect(script.harnessOnly.map((t) => t.metric).sort()).toEqual(
      ['db_errors:40P01', 'deadlocks', 'invariant:acknowledged-not-persisted', 'invariant:hazmat-through-tunnel'].sort(),
    );
    expect(script.text).toContain('invariant:hazmat-through-tunnel: count==0  (an invariant');
    expect(script.text).toContain("Not in this script: the scenario's 2 chaos step(s)");
  });

  it('refuses a scenario whose request builder needs Node, and writes nothing', async () => {
    const dir = makeStateDir();
    const file = scenarioFile(dir, 'needs-node', "() => ({ path: '/' + readFileSync('/etc/hostname', 'utf8').trim() })");
    const scenario = await loadScenario(file, { distRoot: root, stateDir: dir });
    const out = join(dir, 'out');
    const err = await rejection(exportK6Script({ scenario, scenarioFile: file, distRoot: root, outDir: out, seed: 1, scale: 1 }));
    expect(err.code).toBe('STAMPEDE_K6_UNSUPPORTED');
    expect(err.message).toContain('readFileSync from "node:fs" is not available in k6');
    expect(existsSync(join(out, 'needs-node.js'))).toBe(false);
  });

  it('refuses a builder that uses a Node global (Buffer), which goja does not have either', async () => {
    const dir = makeStateDir();
    const file = scenarioFile(dir, 'uses-buffer', "() => ({ path: '/' + Buffer.from('x').toString('hex') })");
    const scenario = await loadScenario(file, { distRoot: root, stateDir: dir });
    const err = await rejection(buildK6Script({ scenario, scenarioFile: file, distRoot: root, outDir: dir, seed: 1, scale: 1 }));
    expect(err.code).toBe('STAMPEDE_K6_UNSUPPORTED');
    expect(err.message).toMatch(/Buffer is not defined/);
  });

  it('exports a user scenario file whose seed uses Node: only its request builder must be plain JavaScript', async () => {
    const dir = makeStateDir();
    const file = scenarioFile(dir, 'plain-builder', "(random) => ({ method: 'POST', path: '/items/' + random.int(100), body: '{}' })");
    const scenario = await loadScenario(file, { distRoot: root, stateDir: dir });
    const script = await exportK6Script({ scenario, scenarioFile: file, distRoot: root, outDir: join(dir, 'out'), seed: 7, scale: 1 });
    expect(existsSync(script.file)).toBe(true);
    expect(script.stubbed).toEqual(['node:fs']);
    // rate<0.05 is k6's; count<3 on a rate metric is not an aggregation k6 computes; deadlocks is ours.
    expect(script.thresholds).toEqual({ http_req_failed: ['rate<0.05'] });
    expect(script.harnessOnly.map((t) => `${t.metric}:${t.expression}`)).toEqual(['http_req_failed:count<3', 'deadlocks:count==0']);
  });
});

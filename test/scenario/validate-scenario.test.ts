import { describe, expect, it } from 'vitest';
import type { StampedeError } from '../../harness/errors/stampede-error.js';
import { validateScenario } from '../../harness/scenario/define-scenario.js';

const valid = {
  name: 'tiny-scenario',
  incident: 'A service that fell over when everybody arrived at midnight.',
  sources: ['000_x.txt'],
  service: 'route-optimizer',
  variants: ['naive', 'hardened'],
  instances: 2,
  upstreams: ['map-api'],
  load: { stages: [{ duration: '10s', target: 50 }], maxInFlight: 200, timeout: '5s' },
  seed: async () => ({}),
  workload: () => ({ requests: [], invariants: [] }),
  chaos: [
    {
      at: '5s',
      for: '2s',
      name: 'slow-map',
      action: { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 200 } } },
    },
  ],
  expect: { naive: { deadlocks: ['count>0'] }, hardened: { http_req_failed: ['rate<0.01'] } },
};

function refusal(candidate: unknown): StampedeError {
  try {
    validateScenario(candidate, 'test');
  } catch (err) {
    return err as StampedeError;
  }
  throw new Error('expected the scenario to be refused');
}

describe('scenario validation', () => {
  it('refuses chaos aimed at a proxy or an instance the run will not have, with the path of the field', () => {
    const noProxy = refusal({
      ...valid,
      chaos: [
        { at: '1s', name: 'slow-db', action: { type: 'toxic', proxy: 'mysql', toxic: { type: 'latency', attributes: { latency: 5 } } } },
      ],
    });
    expect(noProxy.code).toBe('STAMPEDE_SCENARIO_INVALID');
    expect(noProxy.message).toMatch(
      /chaos\.0\.action\.proxy: no proxy named "mysql" \(this scenario's proxies: postgres, pgbouncer, redis, map-api\)/,
    );
    const noInstance = refusal({ ...valid, chaos: [{ at: '1s', name: 'kill', action: { type: 'kill-instance', instance: 3 } }] });
    expect(noInstance.message).toMatch(/chaos\.0\.action\.instance: instance 3 does not exist \(the scenario runs 2\)/);
    const twice = refusal({ ...valid, chaos: [valid.chaos[0], valid.chaos[0]] });
    expect(twice.message).toMatch(/chaos\.1\.name: two chaos steps are named "slow-map"/);
  });

  it('accepts a complete scenario', () => {
    expect(validateScenario(valid, 'test').name).toBe('tiny-scenario');
  });

  it('names the path of the bad field', () => {
    const cases: [unknown, string][] = [
      [{ ...valid, name: 'Tiny Scenario' }, 'name'],
      [{ ...valid, load: { ...valid.load, stages: [{ duration: 'ten seconds', target: 50 }] } }, 'load.stages.0.duration'],
      [
        { ...valid, chaos: [{ ...valid.chaos[0], action: { type: 'toxic', proxy: 'map-api', toxic: { type: 'down', attributes: {} } } }] },
        'chaos.0.action.toxic.type',
      ],
      [{ ...valid, expect: { hardened: { http_req_duration: ['p99 < 1s'] } } }, 'expect.hardened.http_req_duration.0'],
      [{ ...valid, workload: 'not a function' }, 'workload'],
      [{ ...valid, instances: 0 }, 'instances'],
      // Issue 17 item 1: a stage target of 1e12 ran 170 s ignoring signals; refused before anything starts.
      [{ ...valid, load: { ...valid.load, stages: [{ duration: '10s', target: 1e12 }] } }, 'load.stages.0.target'],
    ];
    for (const [candidate, path] of cases) {
      const err = refusal(candidate);
      expect(err.code).toBe('STAMPEDE_SCENARIO_INVALID');
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(`${path}:`);
      expect(err.details?.path).toBe(path);
    }
  });

  it('refuses a module without a default export', () => {
    expect(refusal(undefined).message).toContain('(root)');
  });
});

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import { rejection } from '../helpers/rejection.js';
import { makeStateDir } from '../helpers/state-dir.js';

describe('loading a scenario', () => {
  it('compiles a TypeScript file with its relative imports, validates it, and leaves no bundle behind', async () => {
    const dir = makeStateDir();
    const file = join(dir, 'my-scenario.ts');
    const define = resolve('harness/scenario/define-scenario.ts');
    writeFileSync(
      file,
      `import { defineScenario } from ${JSON.stringify(define)};
const rate: number = 5;
export default defineScenario({
  name: 'my-scenario', incident: 'Everything was fine until it was not, at midnight sharp.', sources: [],
  service: 'route-optimizer', variants: ['hardened'], instances: 1, upstreams: [],
  load: { stages: [{ duration: '2s', target: rate }], maxInFlight: 10, timeout: '1s' },
  seed: async () => ({}), workload: () => ({ requests: [], invariants: [] }), chaos: [], expect: {},
});\n`,
    );
    const scenario = await loadScenario(file, { distRoot: distRoot(), stateDir: dir });
    expect(scenario.name).toBe('my-scenario');
    expect(scenario.load.stages[0]?.target).toBe(5);
    expect(readdirSync(join(dir, 'scenarios'))).toEqual([]);
  });

  it('names what is wrong: a missing file, an unknown name, a file that does not compile', async () => {
    const dir = makeStateDir();
    expect((await rejection(loadScenario(join(dir, 'nope.ts'), { distRoot: distRoot(), stateDir: dir }))).code).toBe(
      'STAMPEDE_SCENARIO_NOT_FOUND',
    );
    const unknown = await rejection(loadScenario('no-such-scenario', { distRoot: distRoot(), stateDir: dir }));
    expect(unknown.code).toBe('STAMPEDE_SCENARIO_NOT_FOUND');
    if (existsSync(join(distRoot(), 'scenarios'))) expect(unknown.hint).toContain('black-friday-routing');
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export default { name: ;\n');
    const err = await rejection(loadScenario(broken, { distRoot: distRoot(), stateDir: dir }));
    expect(err.code).toBe('STAMPEDE_SCENARIO_INVALID');
    expect(err.message).toContain('does not compile');
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { exportK6Script } from '../../harness/k6/k6-export.js';
import { builtInScenarios, loadScenario } from '../../harness/scenario/load-scenario.js';
import { makeStateDir } from '../helpers/state-dir.js';

// No k6 binary runs here: the exported scripts are checked against k6's published type
// definitions (@types/k6) instead, with the TypeScript compiler reading them as JavaScript.
// The bundle in the middle of a script is our own TypeScript (checked by `npm run typecheck`)
// and zod, compiled: it is replaced by its declared type, so that what is checked is the glue
// k6 sees (its imports, `options`, __ENV, the default function) and that k6's real modules fit
// the K6Modules interface the runtime is written against.
const bundleSection = /\/\/ ---- the scenario[\s\S]*?\/\/ ---- end of the bundle ----/;

function withTypedBundle(text: string): string {
  const runtime = resolve('harness/k6/k6-script-runtime.ts');
  const types = resolve('harness/scenario/scenario-types.ts');
  expect(text).toMatch(bundleSection);
  return text.replace(
    bundleSection,
    `/** @type {{ scenario: import(${JSON.stringify(types)}).ScenarioDefinition, createK6Load: typeof import(${JSON.stringify(runtime)}).createK6Load }} */\nvar stampedeBundle = /** @type {any} */ (globalThis).stampedeBundle;`,
  );
}

function typeCheck(dir: string, files: readonly string[]) {
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: false,
        target: 'ES2017',
        lib: ['ES2022'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        // node only for the harness types the runtime's declarations pull in (Buffer in RequestMix).
        types: ['k6', 'node'],
        allowImportingTsExtensions: true,
        typeRoots: [resolve('node_modules/@types')],
        skipLibCheck: true,
      },
      files,
    }),
  );
  return spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', tsconfig], { encoding: 'utf8' });
}

describe('exported k6 scripts against @types/k6', () => {
  it('every built-in scenario exports a script whose k6 side type-checks: imports, options, __ENV, the modules handed to the runtime', async () => {
    const root = distRoot();
    const dir = makeStateDir();
    const files: string[] = [];
    for (const name of builtInScenarios(root)) {
      const scenario = await loadScenario(name, { distRoot: root, stateDir: dir });
      const script = await exportK6Script({
        scenario,
        scenarioFile: join(root, 'scenarios', `${name}.js`),
        distRoot: root,
        outDir: dir,
        seed: 1,
        scale: 1,
      });
      const checked = join(dir, `${name}.checked.js`);
      writeFileSync(checked, withTypedBundle(script.text));
      files.push(checked);
    }
    const result = typeCheck(dir, files);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('the check can fail: a script with a misspelt k6 option does not type-check', () => {
    const dir = makeStateDir();
    const file = join(dir, 'broken.js');
    writeFileSync(
      file,
      [
        "import http from 'k6/http';",
        "/** @type {import('k6/options').Options} */",
        "export const options = { scenarios: { s: { executor: 'ramping-arrival-rate', preAllocatedVU: 1, stages: [] } } };",
        "export default function () { http.get(__ENV.STAMPEDE_TARGETS, { tags: { name: 'x' } }); }",
      ].join('\n'),
    );
    const result = typeCheck(dir, [file]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('preAllocatedVU');
  }, 60_000);
});

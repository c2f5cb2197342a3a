import type { ScenarioDefinition } from '../scenario/scenario-types.js';
import { bundleGlobal } from './k6-bundle.js';
import type { K6ScenarioOptions } from './k6-options.js';
import type { K6RuntimeConfig } from './k6-script-runtime.js';
import type { HarnessOnlyThreshold } from './k6-thresholds.js';

/**
 * The text of an exported script: a header comment that says what the script is and what it
 * leaves to Stampede, k6's imports, the bundle, the options as a literal (so `k6 inspect` and
 * k6-operator's initializer read them without surprises) and the default function.
 */
export interface ScriptParts {
  readonly scenario: ScenarioDefinition;
  readonly config: K6RuntimeConfig;
  readonly scenarioKey: string;
  readonly executor: K6ScenarioOptions;
  readonly thresholds: Record<string, string[]>;
  readonly harnessOnly: readonly HarnessOnlyThreshold[];
  readonly stubbed: readonly string[];
  readonly bundle: string;
}

const comment = (lines: readonly string[]) => lines.map((l) => (l === '' ? ' *' : ` * ${l.replace(/\*\//g, '* /')}`));

function header(parts: ScriptParts): string[] {
  const { scenario, config } = parts;
  const lines = [
    `k6 script exported by Stampede from the scenario "${scenario.name}" (variant ${config.variant}, seed ${config.seed}, scale ${config.scale}).`,
    '',
    'Run:  k6 run -e STAMPEDE_TARGETS=http://127.0.0.1:3000,http://127.0.0.1:3001 --out json=runner-1.json <this file>',
    'Then: stampede k6 ingest runner-1.json [runner-2.json ...] --scenario <this file or the scenario>',
    '',
    "Request n is built from (seed, n) by the same RequestMix, PRNG and zipf code as Stampede's engine,",
    'with n = exec.scenario.iterationInTest (unique across every runner of a distributed test).',
    'Targets come from __ENV.STAMPEDE_TARGETS, request n going to target n mod count.',
    'Request state that the scenario learns from responses (for example orders seen) is per VU in k6.',
    "k6 measures http_req_duration from the request's actual send; an arrival that finds no free VU",
    "(maxVUs = the scenario's maxInFlight) is a dropped iteration, as a request beyond maxInFlight is ours.",
  ];
  if (scenario.chaos.length > 0) {
    lines.push(
      '',
      `Not in this script: the scenario's ${scenario.chaos.length} chaos step(s) (${scenario.chaos.map((c) => c.name).join(', ')});`,
    );
    lines.push('k6 cannot inject faults. `stampede run --engine k6` runs them around k6; here apply them yourself.');
  }
  if (parts.harnessOnly.length > 0) {
    lines.push('', 'Thresholds only Stampede can judge (kept out of options.thresholds):');
    for (const t of parts.harnessOnly) lines.push(`  ${t.metric}: ${t.expression}  (${t.reason})`);
  }
  if (parts.stubbed.length > 0) {
    lines.push('', `Replaced by stubs that throw if called (used only by seeding and invariants): ${parts.stubbed.join(', ')}.`);
  }
  return ['/**', ...comment(lines), ' */'];
}

export function scriptText(parts: ScriptParts): string {
  const options = {
    scenarios: { [parts.scenarioKey]: parts.executor },
    thresholds: parts.thresholds,
  };
  return [
    ...header(parts),
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    "import exec from 'k6/execution';",
    "import { Counter } from 'k6/metrics';",
    '',
    "// ---- the scenario and Stampede's request mix, bundled (generated code) ----",
    parts.bundle.trimEnd(),
    '// ---- end of the bundle ----',
    '',
    "/** @type {import('k6/options').Options} */",
    `export const options = ${JSON.stringify(options, null, 2)};`,
    '',
    `const config = /** @type {const} */ (${JSON.stringify(parts.config)});`,
    `const load = ${bundleGlobal}.createK6Load(${bundleGlobal}.scenario, config, { http, check, exec, Counter, env: __ENV });`,
    '',
    'export default function () {',
    '  load.iteration();',
    '}',
    '',
  ].join('\n');
}

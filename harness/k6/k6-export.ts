import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StampedeError } from '../errors/stampede-error.js';
import type { ScenarioDefinition, Thresholds, VariantName } from '../scenario/scenario-types.js';
import { mergeThresholds } from '../scenario/threshold-flags.js';
import { bundleForK6 } from './k6-bundle.js';
import { k6ScenarioKey, k6ScenarioOptions, scenarioRequestTimeoutMs } from './k6-options.js';
import type { K6RuntimeConfig } from './k6-script-runtime.js';
import { scriptText } from './k6-script-text.js';
import { assertRunsWithoutNode } from './k6-stand-in.js';
import { type HarnessOnlyThreshold, translateThresholds } from './k6-thresholds.js';

/**
 * `stampede k6 export`: one scenario to one k6 script. Nothing is written unless the whole
 * script bundled and evaluated (k6-stand-in.ts): a scenario k6 cannot run is refused with
 * STAMPEDE_K6_UNSUPPORTED rather than exported as half a script.
 */
export interface ExportOptions {
  readonly scenario: ScenarioDefinition;
  /** The module the scenario was loaded from (bundled into the script). */
  readonly scenarioFile: string;
  readonly distRoot: string;
  readonly outDir: string;
  readonly variant?: VariantName | undefined;
  readonly seed: number;
  readonly scale: number;
  readonly extraThresholds?: Thresholds;
}

export interface ExportedScript {
  readonly file: string;
  readonly text: string;
  readonly scenario: string;
  readonly variant: VariantName;
  readonly thresholds: Record<string, string[]>;
  readonly harnessOnly: HarnessOnlyThreshold[];
  readonly stubbed: string[];
  readonly executor: ReturnType<typeof k6ScenarioOptions>;
}

function chooseVariant(scenario: ScenarioDefinition, asked: VariantName | undefined): VariantName {
  if (asked) {
    if (!scenario.variants.includes(asked)) {
      throw new StampedeError('STAMPEDE_USAGE', `scenario ${scenario.name} has no variant "${asked}"`, {
        hint: `pick one of ${scenario.variants.join(', ')}`,
      });
    }
    return asked;
  }
  // The hardened variant carries the capacity thresholds a load test is judged on.
  return scenario.variants.includes('hardened') ? 'hardened' : (scenario.variants[0] as VariantName);
}

/** The compiled runtime that goes into every script. */
export function runtimeFile(distRoot: string): string {
  const file = join(distRoot, 'harness', 'k6', 'k6-script-runtime.js');
  if (!existsSync(file)) {
    throw new StampedeError('STAMPEDE_NOT_BUILT', `${file} is missing`, { hint: 'run `npm run build`' });
  }
  return file;
}

/** Builds and checks the script text without writing anything. */
export async function buildK6Script(options: ExportOptions): Promise<ExportedScript> {
  const { scenario } = options;
  const variant = chooseVariant(scenario, options.variant);
  const config: K6RuntimeConfig = { seed: options.seed, scale: options.scale, variant, timeoutMs: scenarioRequestTimeoutMs(scenario) };
  const translated = translateThresholds(mergeThresholds(scenario.expect[variant] ?? {}, options.extraThresholds ?? {}));
  const executor = k6ScenarioOptions(scenario);
  const bundle = await bundleForK6({ scenarioFile: resolve(options.scenarioFile), runtimeFile: runtimeFile(options.distRoot) });
  const text = scriptText({
    scenario,
    config,
    scenarioKey: k6ScenarioKey(scenario.name),
    executor,
    thresholds: translated.k6,
    harnessOnly: translated.harnessOnly,
    stubbed: bundle.stubbed,
    bundle: bundle.code,
  });
  await assertRunsWithoutNode(text, scenario.name);
  return {
    file: join(resolve(options.outDir), `${scenario.name}.js`),
    text,
    scenario: scenario.name,
    variant,
    thresholds: translated.k6,
    harnessOnly: translated.harnessOnly,
    stubbed: bundle.stubbed,
    executor,
  };
}

export async function exportK6Script(options: ExportOptions): Promise<ExportedScript> {
  const script = await buildK6Script(options);
  mkdirSync(resolve(options.outDir), { recursive: true });
  writeFileSync(script.file, script.text);
  return script;
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { ExitCode } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { exportK6Script } from '../../k6/k6-export.js';
import { ingestK6 } from '../../k6/k6-ingest.js';
import { kubernetesName, manifestsYaml, operatorManifests } from '../../k6/k6-operator-manifests.js';
import { renderConsoleSummary } from '../../report/console-summary.js';
import { writeReports } from '../../report/report-files.js';
import { defaultReportFormats } from '../../report/writer-registry.js';
import { defaultRunDir, writeRunJson } from '../../run/run-scenario.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import type { VariantName } from '../../scenario/scenario-types.js';
import { parseThresholdFlags } from '../../scenario/threshold-flags.js';
import { defineCommand } from '../command.js';
import { distRoot } from '../dist-root.js';
import type { OptionTable } from '../option-table.js';

/** Where exported scripts go by default: the folder docker-compose.yml's k6 profile mounts as /scripts. */
export const defaultK6Dir = join('reports', 'k6');

const isPath = (ref: string) => ref.includes('/') || ['.ts', '.js', '.mjs', '.mts'].includes(extname(ref));

/** The module a scenario reference names: a built-in's compiled file, or the file given. */
export function scenarioFile(ref: string, root: string): string {
  return isPath(ref) ? resolve(ref) : join(root, 'scenarios', `${ref}.js`);
}

function oneScenario(positionals: readonly string[], example: string): string {
  const ref = positionals[0];
  if (!ref || positionals.length > 1) {
    throw new StampedeError('STAMPEDE_USAGE', ref ? `one scenario at a time, got ${positionals.join(' ')}` : 'which scenario?', {
      hint: example,
    });
  }
  return ref;
}

const exportOptions = {
  out: {
    type: 'string',
    placeholder: 'DIR',
    default: defaultK6Dir,
    description: `where to write <scenario>.js (default ${defaultK6Dir}, the compose k6 profile's /scripts)`,
  },
  variant: {
    type: 'string',
    choices: ['naive', 'hardened'],
    description: "whose expect becomes the script's thresholds (default hardened when the scenario has it)",
  },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: 4294967295,
    default: 1,
    env: 'STAMPEDE_SEED',
    description: 'the seed baked into the script: request n equals request n of `stampede run --seed` with it',
  },
  scale: {
    type: 'number',
    min: 0.001,
    max: 10,
    default: 1,
    description: 'the --scale the request mix is built for (key counts follow the seed data)',
  },
  threshold: {
    type: 'list',
    placeholder: "'METRIC:EXPR'",
    description: "an extra k6 threshold, e.g. 'http_req_duration:p(99)<500' (repeatable); harness-only metrics go to the header comment",
  },
  operator: {
    type: 'boolean',
    description: 'also write <scenario>.k6-operator.yaml: ConfigMap, results claim and TestRun for kubectl apply',
  },
  parallelism: {
    type: 'number',
    integer: true,
    min: 1,
    max: 1000,
    default: 1,
    description: 'k6-operator runners (each gets an equal execution segment)',
  },
  namespace: { type: 'string', placeholder: 'NS', default: 'default', description: 'namespace of the k6-operator objects' },
  targets: {
    type: 'string',
    placeholder: 'URL,URL',
    description: 'STAMPEDE_TARGETS for the TestRun runners (default http://<scenario>.<namespace>.svc:3000: change it to your service)',
  },
  'runner-cpu': { type: 'string', placeholder: 'CPU', description: 'cpu request and limit per runner (default 1)' },
  'runner-memory': {
    type: 'string',
    placeholder: 'MEM',
    description: 'memory request and limit per runner (default: from maxVUs per runner and the script size)',
  },
  'state-dir': {
    type: 'string',
    placeholder: 'DIR',
    env: 'STAMPEDE_STATE_DIR',
    default: '.stampede',
    description: 'where a .ts scenario is compiled',
  },
} as const satisfies OptionTable;

const k6Export = defineCommand({
  path: ['k6', 'export'],
  args: '<scenario|file>',
  summary: 'write a scenario as a plain k6 script (same seeded request mix, stages, checks, thresholds)',
  options: exportOptions,
  details: [
    'Run it with: k6 run -e STAMPEDE_TARGETS=http://127.0.0.1:3000 --out json=runner-1.json reports/k6/<scenario>.js',
    'A scenario whose request builders need Node (Buffer, fs, pg...) is refused with STAMPEDE_K6_UNSUPPORTED; nothing is written.',
    'Exit codes: 0 written, 2 usage, unknown scenario or not exportable.',
  ],
  async run({ options, positionals, out }) {
    const ref = oneScenario(positionals, 'stampede k6 export black-friday-routing');
    const root = distRoot();
    const scenario = await loadScenario(ref, { distRoot: root, stateDir: resolve(options.stateDir) });
    const script = await exportK6Script({
      scenario,
      scenarioFile: scenarioFile(ref, root),
      distRoot: root,
      outDir: options.out,
      variant: options.variant as VariantName | undefined,
      seed: options.seed,
      scale: options.scale,
      extraThresholds: parseThresholdFlags(options.threshold),
    });
    const written = [script.file];
    if (options.operator) {
      const manifests = operatorManifests({
        scenario: script.scenario,
        scriptFile: basename(script.file),
        script: script.text,
        parallelism: options.parallelism,
        namespace: options.namespace,
        targets: options.targets ?? `http://${kubernetesName(script.scenario)}.${options.namespace}.svc:3000`,
        maxVUs: script.executor.maxVUs,
        runnerCpu: options.runnerCpu,
        runnerMemory: options.runnerMemory,
      });
      const file = join(dirname(script.file), `${script.scenario}.k6-operator.yaml`);
      writeFileSync(file, await manifestsYaml(manifests));
      written.push(file);
    } else if (options.parallelism > 1) {
      throw new StampedeError('STAMPEDE_USAGE', '--parallelism is for k6-operator runners', { hint: 'add --operator' });
    }
    out.result(
      {
        written,
        scenario: script.scenario,
        variant: script.variant,
        executor: script.executor,
        thresholds: script.thresholds,
        harnessOnly: script.harnessOnly,
        stubbed: script.stubbed,
      },
      () =>
        [
          ...written.map((f) => `wrote ${relative(process.cwd(), f) || f}`),
          `  ${script.executor.executor}: start ${script.executor.startRate}/s, ${script.executor.stages.length} stages, preAllocatedVUs ${script.executor.preAllocatedVUs}, maxVUs ${script.executor.maxVUs}`,
          `  k6 thresholds: ${
            Object.entries(script.thresholds)
              .map(([m, e]) => `${m} ${e.join(', ')}`)
              .join('; ') || 'none'
          }`,
          `  judged by Stampede only: ${script.harnessOnly.map((t) => `${t.metric} ${t.expression}`).join('; ') || 'none'}`,
        ].join('\n'),
    );
    return ExitCode.ok;
  },
});

const ingestOptions = {
  scenario: {
    type: 'string',
    placeholder: 'NAME|FILE',
    description:
      'the scenario the load came from (a built-in, a scenario file, or the exported script): its stages and k6-judgeable thresholds',
  },
  variant: {
    type: 'string',
    choices: ['naive', 'hardened'],
    default: 'hardened',
    description: 'the variant the load ran against (whose expect is judged)',
  },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: 4294967295,
    default: 1,
    env: 'STAMPEDE_SEED',
    description: 'the seed the script was exported with (recorded in run.json)',
  },
  scale: { type: 'number', min: 0.001, max: 10, default: 1, description: 'the scale the script was exported with (recorded in run.json)' },
  out: { type: 'string', placeholder: 'DIR', description: 'run directory (default reports/<UTC stamp>-<scenario>-k6)' },
  threshold: {
    type: 'list',
    placeholder: "'METRIC:EXPR'",
    description: "an extra k6 threshold judged on the merged metrics, e.g. 'http_req_duration:p(99)<500' (repeatable)",
  },
  'state-dir': {
    type: 'string',
    placeholder: 'DIR',
    env: 'STAMPEDE_STATE_DIR',
    default: '.stampede',
    description: 'where a .ts scenario is compiled',
  },
} as const satisfies OptionTable;

/** The seed, scale, variant and scenario name an exported script carries in its config line. */
function exportedScriptConfig(file: string): { name: string; seed: number; scale: number; variant: string } | undefined {
  if (!existsSync(file) || extname(file) !== '.js') return undefined;
  const text = readFileSync(file, 'utf8');
  const name = /k6 script exported by Stampede from the scenario "([^"]+)"/.exec(text)?.[1];
  const config = /^const config = \/\*\* @type \{const\} \*\/ \((\{.*\})\);$/m.exec(text)?.[1];
  if (!name || !config) return undefined;
  return { name, ...(JSON.parse(config) as { seed: number; scale: number; variant: string }) };
}

const k6Ingest = defineCommand({
  path: ['k6', 'ingest'],
  args: '<runner-1.json[.gz]> [runner-2.json ...]',
  summary: "merge k6 runners' JSON outputs into one run.json: exact HDR percentiles from the raw points, errors, checks, timeline",
  options: ingestOptions,
  details: [
    'Reads `k6 run --out json=<file>` outputs (plain or gzipped), streamed: memory stays small for multi-GB files.',
    'Writes run.json, report.md, report.html and junit.xml; `stampede report <dir> --threshold ...` works on them.',
    'Exit codes: 0 every judged threshold met, 1 one failed, 2 usage or a file that is not k6 output.',
  ],
  async run({ options, positionals, out }) {
    if (positionals.length === 0) {
      throw new StampedeError('STAMPEDE_USAGE', 'which k6 output files?', {
        hint: 'stampede k6 ingest runner-1.json runner-2.json --scenario black-friday-routing',
      });
    }
    const root = distRoot();
    const fromScript = options.scenario ? exportedScriptConfig(resolve(options.scenario)) : undefined;
    const ref = fromScript?.name ?? options.scenario;
    const scenario = ref ? await loadScenario(ref, { distRoot: root, stateDir: resolve(options.stateDir) }) : undefined;
    const { record, stats, notJudged } = await ingestK6({
      files: positionals.map((p) => resolve(p)),
      scenario,
      variant: (fromScript?.variant ?? options.variant) as VariantName,
      seed: fromScript?.seed ?? options.seed,
      scale: fromScript?.scale ?? options.scale,
      extraThresholds: parseThresholdFlags(options.threshold),
      argv: process.argv.slice(2),
    });
    const runDir = resolve(options.out ?? `${defaultRunDir(process.cwd(), record.scenario.name)}-k6`);
    const written = [writeRunJson(runDir, record), ...writeReports(runDir, record, defaultReportFormats)];
    const rate = stats.points / Math.max(stats.elapsedMs / 1000, 1e-9);
    out.result({ runDir, written, ok: record.ok, stats: { ...stats, pointsPerSecond: Math.round(rate) }, notJudged }, () =>
      [
        `ingested ${stats.files.length} file(s): ${stats.lines} lines, ${stats.points} points in ${(stats.elapsedMs / 1000).toFixed(1)} s (${Math.round(rate)} points/s)`,
        ...(notJudged.length > 0 ? [`not judged (need Stampede's probes and invariants): ${notJudged.join(', ')}`] : []),
        renderConsoleSummary(record, written),
      ].join('\n'),
    );
    return record.ok ? ExitCode.ok : ExitCode.expectationFailed;
  },
});

export const k6Commands = [k6Export, k6Ingest];

import { existsSync, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatDuration } from '../../common/duration.js';
import { errorCodes } from '../../errors/error-codes.js';
import { ExitCode, type ExitCodeValue } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { selectionJson } from '../../infra/select-provider.js';
import { exportK6Script } from '../../k6/k6-export.js';
import { findK6, k6LoadEngine } from '../../k6/k6-load-engine.js';
import { createProgressReporter, type LoadEngine } from '../../load/index.js';
import type { RunRecord } from '../../record/run-record.js';
import { renderConsoleSummary } from '../../report/console-summary.js';
import { writeReports } from '../../report/report-files.js';
import { defaultReportFormats } from '../../report/writer-registry.js';
import { defaultRunDir, plannedDuration, runScenario, writeRunJson } from '../../run/run-scenario.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import type { ScenarioDefinition, VariantName } from '../../scenario/scenario-types.js';
import { parseThresholdFlags } from '../../scenario/threshold-flags.js';
import { defineCommand } from '../command.js';
import { distRoot } from '../dist-root.js';
import type { OptionTable } from '../option-table.js';
import { infraOptions, stackOptions, urlOptions } from '../stack-options.js';
import { scenarioFile } from './k6.js';

const runOptions = {
  variant: { type: 'string', choices: ['naive', 'hardened', 'both'], default: 'both', description: 'which variant(s) to run' },
  duration: {
    type: 'duration',
    min: 1000,
    placeholder: 'DURATION',
    description: "load-phase length per variant (the scenario's stages and chaos are stretched to it)",
  },
  scale: {
    type: 'number',
    min: 0.001,
    max: 10,
    default: 1,
    description: "seed data size relative to the story's (1 = 50,000 trucks for routing)",
  },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: 4294967295,
    default: 1,
    env: 'STAMPEDE_SEED',
    description: 'makes every generator deterministic; recorded in run.json',
  },
  out: { type: 'string', placeholder: 'DIR', description: 'run directory (default reports/<UTC stamp>-<scenario>)' },
  threshold: {
    type: 'list',
    placeholder: "'METRIC:EXPR'",
    description: "an extra k6 threshold for every variant, added to the scenario's expect, e.g. 'http_req_duration:p(99)<500' (repeatable)",
  },
  engine: {
    type: 'string',
    choices: ['stampede', 'k6'],
    default: 'stampede',
    description: 'what generates the load: our engine, or k6 (on PATH) running the exported script',
  },
  ...stackOptions,
  ...urlOptions,
} as const satisfies OptionTable;

/** k6 as the load engine: found first (before any infra starts), the script exported into the run directory. */
async function k6Engine(
  ref: string,
  scenario: ScenarioDefinition,
  runDir: string,
  options: { seed: number; scale: number; duration: number | undefined; variant: string },
  env: Readonly<Record<string, string | undefined>>,
): Promise<LoadEngine> {
  const binary = findK6(env);
  if (options.duration !== undefined) {
    throw new StampedeError('STAMPEDE_USAGE', '--duration cannot stretch an exported k6 script', {
      hint: 'drop --duration with --engine k6',
    });
  }
  const root = distRoot();
  const script = await exportK6Script({
    scenario,
    scenarioFile: scenarioFile(ref, root),
    distRoot: root,
    outDir: join(runDir, 'k6'),
    variant: options.variant === 'both' ? undefined : (options.variant as VariantName),
    seed: options.seed,
    scale: options.scale,
  });
  return k6LoadEngine({ binary, scriptFile: script.file, workDir: join(runDir, 'k6') });
}

const run = defineCommand({
  path: ['run'],
  args: '<scenario|file.ts>',
  summary: 'run a scenario: infra, seed, instances, load + chaos + probes, invariants, report',
  options: runOptions,
  details: [
    'Writes run.json, report.md, report.html and junit.xml into the run directory and prints the naive/hardened summary.',
    'Exit codes: 0 every expectation met, 1 an expectation failed, 2 bad scenario, 3 infrastructure or a chaos step that did not apply (status failed), 130 interrupted (run.json still written).',
  ],
  async run({ options, positionals, out, env, signal }) {
    const ref = positionals[0];
    if (!ref || positionals.length > 1) {
      throw new StampedeError('STAMPEDE_USAGE', ref ? `one scenario at a time, got ${positionals.join(' ')}` : 'which scenario?', {
        hint: 'stampede run black-friday-routing (see `stampede list`)',
      });
    }
    const extraThresholds = parseThresholdFlags(options.threshold);
    const infra = infraOptions({ ...options, seed: options.seed }, env, signal, (line) => out.info(line));
    const root = distRoot();
    const scenario = await loadScenario(ref, { distRoot: root, stateDir: infra.stateDir });
    const variants: VariantName[] = options.variant === 'both' ? [...scenario.variants] : [options.variant as VariantName];
    const runDir = resolve(options.out ?? defaultRunDir(process.cwd(), scenario.name));
    // Before anything starts: a run whose report could not be saved must not run for minutes first.
    assertWritableDir(runDir);
    const loadEngine = options.engine === 'k6' ? await k6Engine(ref, scenario, runDir, options, env) : undefined;
    const stderrTty = Boolean((process.stderr as { isTTY?: boolean }).isTTY) && !options.json;
    const progress = createProgressReporter({ write: (t) => process.stderr.write(t), tty: stderrTty });
    out.info(
      `${scenario.name}: ${variants.join(' then ')}, ${formatDuration(options.duration ?? plannedDuration(scenario))} of load each, seed ${options.seed}, scale ${options.scale}`,
    );
    let last: RunRecord | undefined;
    const persist = (record: RunRecord) => {
      last = record;
      writeRunJson(runDir, record);
    };
    let record: RunRecord;
    let provider: ReturnType<typeof selectionJson> | undefined;
    try {
      record = await runScenario({
        scenario,
        variants,
        infra,
        provider: options.provider as 'auto',
        distRoot: root,
        seed: options.seed,
        scale: options.scale,
        durationMs: options.duration,
        extraThresholds,
        argv: process.argv.slice(2),
        signal,
        onInfo: (line) => {
          progress.finish();
          out.info(line);
        },
        onProvider: (selection) => {
          provider = selectionJson(selection);
        },
        onProgress: (_variant, p) => progress.onSecond(p),
        persist,
        ...(loadEngine ? { loadEngine } : {}),
      });
    } catch (err) {
      progress.finish();
      if (last) writeReports(runDir, last, defaultReportFormats);
      throw err;
    }
    progress.finish();
    const written = [join(runDir, 'run.json'), ...writeReports(runDir, record, defaultReportFormats)];
    out.result(
      {
        runDir,
        provider,
        written,
        status: record.status,
        ok: record.ok,
        variants: record.variants.map((v) => ({ variant: v.variant, status: v.status, ok: v.ok, verdicts: v.verdicts })),
      },
      () => renderConsoleSummary(record, written),
    );
    if (record.status === 'interrupted') return ExitCode.interrupted;
    // A variant that failed (a fault that did not apply, a service that did not start) failed for
    // the reason's own exit code: its expectations were never judged.
    if (record.status === 'failed') return exitCodeOf(record.reason?.code);
    return record.ok ? ExitCode.ok : ExitCode.expectationFailed;
  },
});

function exitCodeOf(code: string | undefined): ExitCodeValue {
  return code && code in errorCodes ? errorCodes[code as keyof typeof errorCodes].exitCode : ExitCode.infrastructure;
}

export const runCommands = [run];

/** Creates the run directory and proves it takes a file; a usage error now, not after the run. */
function assertWritableDir(dir: string): void {
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error('a file of that name exists');
    const created = makeDirs(dir);
    const probe = join(dir, `.stampede-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    // Only a check: what it made is taken away again, so a run refused later leaves nothing behind.
    for (const level of created.reverse()) rmdirSync(level);
  } catch (err) {
    throw new StampedeError('STAMPEDE_USAGE', `--out ${dir} cannot hold the reports: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'name a directory you can write (it is created if missing), or leave --out out for reports/<stamp>-<scenario>',
    });
  }
}

/**
 * mkdir -p one level at a time: Node's recursive mkdir can loop for ever under a pseudo
 * filesystem (/proc), so each missing level is made alone and its error surfaces at once.
 */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) mkdirSync(level);
  return missing;
}

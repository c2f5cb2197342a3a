import { join, resolve } from 'node:path';
import { formatDuration } from '../../common/duration.js';
import { errorCodes } from '../../errors/error-codes.js';
import { ExitCode, type ExitCodeValue } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { selectionJson } from '../../infra/select-provider.js';
import { createProgressReporter } from '../../load/index.js';
import type { RunRecord } from '../../record/run-record.js';
import { renderConsoleSummary } from '../../report/console-summary.js';
import { writeReports } from '../../report/report-files.js';
import { defaultReportFormats } from '../../report/writer-registry.js';
import { defaultRunDir, plannedDuration, runScenario, writeRunJson } from '../../run/run-scenario.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import type { VariantName } from '../../scenario/scenario-types.js';
import { parseThresholdFlags } from '../../scenario/threshold-flags.js';
import { defineCommand } from '../command.js';
import { distRoot } from '../dist-root.js';
import type { OptionTable } from '../option-table.js';
import { infraOptions, stackOptions, urlOptions } from '../stack-options.js';

const runOptions = {
  variant: { type: 'string', choices: ['naive', 'hardened', 'both'], default: 'both', description: 'which variant(s) to run' },
  duration: {
    type: 'duration',
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
  ...stackOptions,
  ...urlOptions,
} as const satisfies OptionTable;

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

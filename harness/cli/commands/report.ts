import { dirname, resolve } from 'node:path';
import { ExitCode } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { applyThresholds } from '../../report/apply-thresholds.js';
import { failedVerdictLines, renderConsoleSummary } from '../../report/console-summary.js';
import { comparisonDir, labelRuns, parseRunArgument, readRunRecord, writeReports } from '../../report/report-files.js';
import type { ReportInput } from '../../report/report-writer.js';
import { defaultReportFormats, reportWriters } from '../../report/writer-registry.js';
import { parseThresholdFlags } from '../../scenario/threshold-flags.js';
import { defineCommand } from '../command.js';
import { renderGameDay } from './report-gameday.js';

const report = defineCommand({
  path: ['report'],
  args: '<run.json|run dir|label=run.json>... | <gameday.json>',
  summary: 're-render the reports of a run, or compare several runs on the same axes',
  options: {
    format: {
      type: 'list',
      placeholder: 'html,markdown,junit',
      description: `formats to write, comma-separated or repeated (default ${defaultReportFormats.join(',')}; also json)`,
    },
    out: {
      type: 'string',
      placeholder: 'DIR',
      description: "output directory (default: the run's directory; reports/<stamp>-comparison for several runs)",
    },
    threshold: {
      type: 'list',
      placeholder: "'METRIC:EXPR'",
      description: "an extra k6 threshold judged on the saved metrics, e.g. 'http_req_duration:p(99)<500' (repeatable)",
    },
  },
  details: [
    'A gameday.json (or its directory): writes gameday.html, the debrief, again.',
    'One run: its variants side by side (naive vs hardened). Several runs: one column per run and variant (before vs after).',
    'Name a run with label=path, e.g. `stampede report before=reports/a/run.json after=reports/b/run.json`.',
    'Exit codes: 0 every expectation and threshold met, 1 one failed (listed), 2 usage or not a run.json.',
  ],
  async run({ options, positionals, out }) {
    if (positionals.length === 0)
      throw new StampedeError('STAMPEDE_USAGE', 'which run.json?', { hint: 'stampede report reports/<run>/run.json' });
    if (positionals.length === 1) {
      const debrief = renderGameDay(positionals[0] as string, options.out);
      if (debrief) {
        out.result({ written: debrief.written, ok: true }, () => `debrief written: ${debrief.written.join(', ')}`);
        return ExitCode.ok;
      }
    }
    const extra = parseThresholdFlags(options.threshold);
    const formats =
      options.format.length > 0
        ? options.format
            .flatMap((f) => f.split(','))
            .map((f) => f.trim())
            .filter(Boolean)
        : defaultReportFormats;
    const args = positionals.map((p) => parseRunArgument(p));
    const records = args.map((a) => applyThresholds(readRunRecord(resolve(a.file)), extra));
    const single = records.length === 1 ? records[0] : undefined;
    const input: ReportInput = single ?? labelRuns(args, records);
    const sourceDir = dirname(resolve(args[0]?.file ?? '.'));
    const dir = resolve(options.out ?? (single ? sourceDir : comparisonDir(process.cwd())));
    if (formats.includes('json') && (!single || dir === sourceDir)) {
      throw new StampedeError(
        'STAMPEDE_USAGE',
        single ? 'run.json is already in that directory' : 'the json format renders one run, not a comparison',
        {
          hint: single
            ? 'pass --out DIR to write a copy'
            : `pick from ${Object.keys(reportWriters)
                .filter((f) => f !== 'json')
                .join(', ')}`,
        },
      );
    }
    const written = writeReports(dir, input, formats);
    const failed = failedVerdictLines(input);
    const ok = records.every((r) => r.ok);
    out.result({ written, ok, failed: failed.map((l) => l.trim()) }, () => renderConsoleSummary(input, written));
    return ok ? ExitCode.ok : ExitCode.expectationFailed;
  },
});

export const reportCommands = [report];

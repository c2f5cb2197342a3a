import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExitCode } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { renderConsoleSummary } from '../../report/console-summary.js';
import { reportWriters } from '../../report/writer-registry.js';
import { type RunRecord, runSchema } from '../../run/run-record.js';
import { defineCommand } from '../command.js';

/** Renders the given formats of a record into its run directory (run.json itself is kept as is). */
export function writeReports(dir: string, record: RunRecord, formats: readonly string[]): string[] {
  return formats.map((format) => {
    const writer = reportWriters[format];
    if (!writer)
      throw new StampedeError('STAMPEDE_USAGE', `unknown report format "${format}"`, {
        hint: `formats: ${Object.keys(reportWriters).join(', ')}`,
      });
    const file = join(dir, writer.fileName);
    writeFileSync(file, writer.render(record));
    return file;
  });
}

export function readRunRecord(file: string): RunRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StampedeError('STAMPEDE_REPORT_INVALID', `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'pass the run.json of a run directory',
    });
  }
  if ((parsed as { schema?: unknown })?.schema !== runSchema) {
    throw new StampedeError('STAMPEDE_REPORT_INVALID', `${file} is not a ${runSchema} record`, {
      hint: 'pass the run.json that `stampede run` wrote',
    });
  }
  return parsed as RunRecord;
}

const report = defineCommand({
  path: ['report'],
  args: '<run.json>',
  summary: 're-render the reports of a run from its run.json',
  options: {
    format: { type: 'list', placeholder: 'markdown', description: 'formats to write (default: every format but json)' },
  },
  async run({ options, positionals, out }) {
    const file = positionals[0];
    if (!file) throw new StampedeError('STAMPEDE_USAGE', 'which run.json?', { hint: 'stampede report reports/<run>/run.json' });
    const record = readRunRecord(resolve(file));
    const formats = options.format.length > 0 ? options.format : Object.keys(reportWriters).filter((f) => f !== 'json');
    const written = writeReports(dirname(resolve(file)), record, formats);
    out.result({ written }, () => `${renderConsoleSummary(record, dirname(resolve(file)))}\n\nwrote ${written.join(', ')}`);
    return ExitCode.ok;
  },
});

export const reportCommands = [report];

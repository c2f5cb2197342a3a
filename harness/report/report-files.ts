import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StampedeError } from '../errors/stampede-error.js';
import { type RunRecord, runSchema } from '../record/run-record.js';
import type { LabelledRun, ReportInput } from './report-writer.js';
import { reportWriters } from './writer-registry.js';

/** Reads and checks a run.json. @throws StampedeError STAMPEDE_REPORT_INVALID when it is not one. */
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
  if (!Array.isArray((parsed as { variants?: unknown }).variants)) {
    throw new StampedeError('STAMPEDE_REPORT_INVALID', `${file} has no variants`, { hint: 'pass the run.json that `stampede run` wrote' });
  }
  const problem = shapeProblem(parsed as Record<string, unknown>);
  if (problem)
    throw new StampedeError('STAMPEDE_REPORT_INVALID', `${file}: ${problem}`, {
      hint: 'pass the run.json that `stampede run` wrote, unedited',
    });
  return parsed as RunRecord;
}

/** The fields every renderer relies on; the first one missing or of the wrong type is named by its path. */
function shapeProblem(record: Record<string, unknown>): string | undefined {
  const scenario = record.scenario as Record<string, unknown> | undefined;
  if (typeof scenario?.name !== 'string') return 'scenario.name is missing';
  const variants = record.variants as Record<string, unknown>[];
  for (const [i, v] of variants.entries()) {
    if (typeof v !== 'object' || v === null) return `variants.${i} is not an object`;
    if (typeof v.variant !== 'string') return `variants.${i}.variant is missing`;
    if (typeof v.status !== 'string') return `variants.${i}.status is missing`;
    for (const list of ['verdicts', 'invariants', 'chaos', 'instances'] as const) {
      if (!Array.isArray(v[list])) return `variants.${i}.${list} is not a list`;
    }
    const timeline = v.timeline as Record<string, unknown> | undefined;
    if (!Array.isArray(timeline?.seconds) || typeof timeline?.series !== 'object') return `variants.${i}.timeline is missing`;
    if (typeof v.metrics !== 'object' || v.metrics === null) return `variants.${i}.metrics is missing`;
  }
  return undefined;
}

/** A report argument: `path/run.json`, a run directory, or `label=path` to name its columns. */
export interface RunArgument {
  readonly label: string | undefined;
  readonly file: string;
}

/** Splits `before=reports/a/run.json` into its label and path; a run directory means its run.json. */
export function parseRunArgument(arg: string, exists: (path: string) => boolean = existsSync): RunArgument {
  const named = /^([\w.-]+)=(.+)$/.exec(arg);
  const [label, path] = named && !exists(arg) ? [named[1], named[2] as string] : [undefined, arg];
  const file = exists(join(path, 'run.json')) ? join(path, 'run.json') : path;
  return { label, file };
}

/**
 * Column labels for several runs: the label given, else the run directory's name, made unique
 * with a number when two directories share a name.
 */
export function labelRuns(args: readonly RunArgument[], records: readonly RunRecord[]): LabelledRun[] {
  const wanted = args.map((a) => a.label ?? (basename(dirname(a.file)) || basename(a.file)));
  return records.map((record, i) => {
    const label = wanted[i] as string;
    const clash = wanted.filter((w) => w === label).length > 1;
    return { label: clash ? `${label} #${i + 1}` : label, record };
  });
}

/** Renders the given formats into `dir` and returns the paths written. @throws STAMPEDE_USAGE for an unknown format. */
export function writeReports(dir: string, input: ReportInput, formats: readonly string[]): string[] {
  const writers = formats.map((format) => {
    const writer = reportWriters[format];
    if (!writer)
      throw new StampedeError('STAMPEDE_USAGE', `unknown report format "${format}"`, {
        hint: `formats: ${Object.keys(reportWriters).join(', ')}`,
      });
    return writer;
  });
  // Render everything before writing anything: a bad format or record leaves no half-written set.
  const rendered = writers.map((w) => [join(dir, w.fileName), w.render(input)] as const);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of rendered) writeFileSync(file, text);
  return rendered.map(([file]) => file);
}

/** `reports/<UTC stamp>-comparison/`: where a comparison of several runs goes without --out. */
export function comparisonDir(root: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(root, 'reports', `${stamp}-comparison`);
}

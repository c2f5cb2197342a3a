import { comparisonRows, fmtActual } from './comparison.js';
import { reportSubject } from './report-columns.js';
import type { ReportInput } from './report-writer.js';

/** Every failed verdict as one line ("  naive: http_req_duration p(99)<500 (actual 1042)"). */
export function failedVerdictLines(input: ReportInput): string[] {
  return reportSubject(input).columns.flatMap((c) =>
    c.variant.verdicts.filter((x) => !x.ok).map((x) => `  ${c.label}: ${x.metric} ${x.threshold} (actual ${fmtActual(x.actual)})`),
  );
}

/** The side-by-side summary printed by `stampede run` and `stampede report` (plain text, 100 columns). */
export function renderConsoleSummary(input: ReportInput, files: readonly string[]): string {
  const subject = reportSubject(input);
  const rows = comparisonRows(subject.columns);
  const headers = ['', ...subject.columns.map((c) => c.label)];
  const width = (i: number) => Math.max(headers[i]?.length ?? 0, ...rows.map((r) => (i === 0 ? r.label : (r.values[i - 1] ?? '')).length));
  const widths = headers.map((_, i) => Math.min(width(i), i === 0 ? 40 : 34));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    ...subject.runs.map(
      ({ label, record }) =>
        `${subject.comparing ? `${label}: ` : ''}${record.scenario.name}: ${record.status}${record.reason ? ` (${record.reason.code}: ${record.reason.message})` : ''}, seed ${record.seed}, scale ${record.scale}`,
    ),
    '',
    line(headers),
    ...rows.map((r) => line([r.label, ...r.values])),
  ];
  const failed = failedVerdictLines(input);
  if (failed.length > 0) out.push('', 'expectations not met:', ...failed);
  if (files.length > 0) out.push('', 'reports:', ...files.map((f) => `  ${f}`));
  return out.join('\n');
}

import type { RunRecord } from '../run/run-record.js';
import { comparisonRows } from './comparison.js';

/** The side-by-side summary printed at the end of `stampede run` (plain text, 100 columns). */
export function renderConsoleSummary(record: RunRecord, runDir: string): string {
  const rows = comparisonRows(record);
  const headers = ['', ...record.variants.map((v) => v.variant)];
  const width = (i: number) => Math.max(headers[i]?.length ?? 0, ...rows.map((r) => (i === 0 ? r.label : (r.values[i - 1] ?? '')).length));
  const widths = headers.map((_, i) => Math.min(width(i), i === 0 ? 40 : 34));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    `${record.scenario.name}: ${record.status}${record.reason ? ` (${record.reason.code}: ${record.reason.message})` : ''}, seed ${record.seed}, scale ${record.scale}`,
    '',
    line(headers),
    ...rows.map((r) => line([r.label, ...r.values])),
  ];
  const failed = record.variants.flatMap((v) =>
    v.verdicts.filter((x) => !x.ok).map((x) => `  ${v.variant}: ${x.metric} ${x.threshold} (actual ${x.actual ?? 'not measured'})`),
  );
  if (failed.length > 0) out.push('', 'expectations not met:', ...failed);
  out.push('', `run.json and report.md: ${runDir}`);
  return out.join('\n');
}

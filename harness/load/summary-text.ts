import type { LoadResult, Percentiles } from './load-result.js';
import { formatMs } from './progress.js';

function latencyLine(p: Percentiles): string {
  if (p.count === 0) return 'no responses';
  return `p50 ${formatMs(p.p50)}  p90 ${formatMs(p.p90)}  p99 ${formatMs(p.p99)}  max ${formatMs(p.max)}`;
}

function counts(record: Readonly<Record<string, number | undefined>>): string {
  const entries = Object.entries(record).filter(([, n]) => (n ?? 0) > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** The human summary of a run, as `stampede load` prints it. */
export function renderLoadSummary(result: LoadResult): string {
  const t = result.totals;
  const asked = result.stages
    .map((s) => {
      const span = `${+(s.durationMs / 1000).toFixed(1)}s`;
      if (s.unit === 'vus') return `${s.target} VUs for ${span}`;
      return s.from === s.target ? `${s.target}/s for ${span}` : `${s.from}->${s.target}/s over ${span}`;
    })
    .join(', ');
  const lines = [
    `load ${result.status} in ${(result.durationMs / 1000).toFixed(1)}s (${result.model}, ${asked}, seed ${result.seed})`,
    `  requests  ${t.sent} sent, ${t.completed} completed, ${t.ok} ok; achieved ${t.achievedRate}/s`,
    `  errors    ${counts(result.errorsByKind)}`,
    `  dropped   ${t.dropped}${t.abandoned > 0 ? `  (abandoned in flight at stop: ${t.abandoned})` : ''}`,
    `  latency   ${latencyLine(result.latency.intended)}  (from intended send time)`,
    `  service   ${latencyLine(result.latency.service)}  (from actual write)`,
    `  lag       p99 ${formatMs(result.schedulingLag.p99)}  max ${formatMs(result.schedulingLag.max)}  (scheduler lateness)`,
  ];
  if (Object.keys(result.checkFailures).length > 0) lines.push(`  checks    ${counts(result.checkFailures)}`);
  const names = Object.entries(result.byName);
  if (names.length > 1) {
    for (const [name, r] of names) lines.push(`  ${name}: ${r.completed} completed, ${r.errors} errors, ${latencyLine(r.intended)}`);
  }
  return lines.join('\n');
}

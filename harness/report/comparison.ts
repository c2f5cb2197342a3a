import type { RunRecord, VariantRecord } from '../run/run-record.js';

/** One row of the side-by-side comparison: a signature and its value per variant. */
export interface ComparisonRow {
  readonly label: string;
  readonly values: readonly string[];
}

const fmtMs = (ms: number | undefined) =>
  ms === undefined ? '-' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
const fmtCount = (n: number | undefined) => (n === undefined ? '-' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2));
const fmtPct = (r: number | undefined) => (r === undefined ? '-' : `${(r * 100).toFixed(2)}%`);

function errorsByKind(v: VariantRecord): string {
  const kinds = Object.entries(v.load?.errorsByKind ?? {}).filter(([, n]) => (n ?? 0) > 0);
  return kinds.length === 0 ? '0' : kinds.map(([k, n]) => `${k} ${fmtCount(n)}`).join(', ');
}

/**
 * The incident signatures, naive and hardened side by side: the same rows feed the console
 * summary and report.md, so the two never disagree.
 */
export function comparisonRows(record: RunRecord): ComparisonRow[] {
  const vs = record.variants;
  const metric = (v: VariantRecord, name: string, field: 'count' | 'max' | 'rate' | 'value') => v.metrics[name]?.[field];
  const row = (label: string, value: (v: VariantRecord) => string): ComparisonRow => ({ label, values: vs.map(value) });
  const rows: ComparisonRow[] = [
    row('requests (completed)', (v) => fmtCount(v.load?.totals.completed)),
    row('achieved rate', (v) => (v.load ? `${v.load.totals.achievedRate.toFixed(1)}/s` : '-')),
    row('deadlocks (pg_stat_database)', (v) => fmtCount(metric(v, 'deadlocks', 'count'))),
    row('40P01 seen by services', (v) => fmtCount(metric(v, 'db_errors:40P01', 'count'))),
    row('"deadlock detected" in server log', (v) => fmtCount(metric(v, 'pg_log_deadlocks', 'count'))),
    row(
      '40001 / 53300 seen',
      (v) => `${fmtCount(metric(v, 'db_errors:40001', 'count'))} / ${fmtCount(metric(v, 'db_errors:53300', 'count'))}`,
    ),
    row('pool waiting (max)', (v) => fmtCount(metric(v, 'pool_waiting', 'max'))),
    row('PgBouncer cl_waiting (max)', (v) => fmtCount(metric(v, 'pgbouncer_cl_waiting', 'max'))),
    row('PgBouncer maxwait', (v) => {
      const s = metric(v, 'pgbouncer_maxwait_seconds', 'max');
      return s === undefined ? '-' : `${s.toFixed(2)} s`;
    }),
    row('error rate', (v) => fmtPct(metric(v, 'http_req_failed', 'rate'))),
    row('errors by kind', errorsByKind),
    row('latency p50 / p99 / max', (v) => {
      const l = v.load?.latency.intended;
      return l ? `${fmtMs(l.p50)} / ${fmtMs(l.p99)} / ${fmtMs(l.max)}` : '-';
    }),
    row('dropped', (v) => fmtCount(v.load?.totals.dropped)),
    row('event-loop lag p99 (max)', (v) => fmtMs(metric(v, 'event_loop_lag_p99_ms', 'max'))),
  ];
  const invariantNames = [...new Set(vs.flatMap((v) => v.invariants.map((i) => i.name)))];
  for (const name of invariantNames) {
    rows.push(
      row(`invariant: ${name}`, (v) => {
        const inv = v.invariants.find((i) => i.name === name);
        return inv ? (inv.error ? `error: ${inv.error.slice(0, 40)}` : fmtCount(inv.violations)) : '-';
      }),
    );
  }
  rows.push(
    row('expectations', (v) =>
      v.status !== 'completed'
        ? v.status.toUpperCase()
        : `${v.ok ? 'PASS' : 'FAIL'} (${v.verdicts.filter((x) => x.ok).length}/${v.verdicts.length})`,
    ),
  );
  return rows;
}

export { fmtCount, fmtMs, fmtPct };

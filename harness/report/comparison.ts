import type { VariantRecord } from '../record/run-record.js';
import type { ReportColumn } from './report-columns.js';

/** One row of the side-by-side comparison: a signature and its value per column. */
export interface ComparisonRow {
  readonly label: string;
  readonly values: readonly string[];
}

const fmtMs = (ms: number | undefined | null) =>
  ms === undefined || ms === null
    ? '-'
    : ms >= 10_000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms >= 100
        ? `${Math.round(ms)} ms`
        : `${ms.toFixed(1)} ms`;
const fmtCount = (n: number | undefined | null) =>
  n === undefined || n === null ? '-' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
/** A threshold's actual value: small rates keep their significant digits (0.00128, not 0.00). */
const fmtActual = (n: number | null) =>
  n === null
    ? 'not measured'
    : Number.isInteger(n)
      ? n.toLocaleString('en-US')
      : Math.abs(n) < 1
        ? String(Number(n.toPrecision(3)))
        : n.toFixed(2);
const fmtPct = (r: number | undefined) => (r === undefined ? '-' : `${(r * 100).toFixed(2)}%`);

/** A metric's aggregation as run.json summarised it. */
export const metricOf = (v: VariantRecord, name: string, field: 'count' | 'max' | 'rate' | 'value'): number | undefined =>
  v.metrics[name]?.[field];

function errorsByKind(v: VariantRecord): string {
  const kinds = Object.entries(v.load?.errorsByKind ?? {}).filter(([, n]) => (n ?? 0) > 0);
  return kinds.length === 0 ? '0' : kinds.map(([k, n]) => `${k} ${fmtCount(n)}`).join(', ');
}

/** "PASS (4/4)", "FAIL (5/6)", or the status of a variant that did not complete. */
export function expectationsCell(v: VariantRecord): string {
  if (v.status !== 'completed') return v.status.toUpperCase();
  return `${v.ok ? 'PASS' : 'FAIL'} (${v.verdicts.filter((x) => x.ok).length}/${v.verdicts.length})`;
}

/**
 * The incident signatures, one column per variant (and run): the same rows feed the console
 * summary, report.md and report.html, so they never disagree.
 */
export function comparisonRows(columns: readonly ReportColumn[]): ComparisonRow[] {
  const row = (label: string, value: (v: VariantRecord) => string): ComparisonRow => ({
    label,
    values: columns.map((c) => value(c.variant)),
  });
  const rows: ComparisonRow[] = [
    row('work done / asked', workCell),
    row('work not done, by reason', notDoneCell),
    row('requests (completed)', (v) => fmtCount(v.load?.totals.completed)),
    row('achieved rate', (v) => (v.load ? `${v.load.totals.achievedRate.toFixed(1)}/s` : '-')),
    row('deadlocks (pg_stat_database)', (v) => fmtCount(metricOf(v, 'deadlocks', 'count'))),
    row('40P01 seen by services', (v) => fmtCount(metricOf(v, 'db_errors:40P01', 'count'))),
    row('"deadlock detected" in server log', (v) => fmtCount(metricOf(v, 'pg_log_deadlocks', 'count'))),
    row(
      '40001 / 53300 seen',
      (v) => `${fmtCount(metricOf(v, 'db_errors:40001', 'count'))} / ${fmtCount(metricOf(v, 'db_errors:53300', 'count'))}`,
    ),
    row('pool waiting (max)', (v) => fmtCount(metricOf(v, 'pool_waiting', 'max'))),
    row('PgBouncer cl_waiting (max)', (v) => fmtCount(metricOf(v, 'pgbouncer_cl_waiting', 'max'))),
    row('PgBouncer maxwait', (v) => {
      const s = metricOf(v, 'pgbouncer_maxwait_seconds', 'max');
      return s === undefined ? '-' : `${s.toFixed(2)} s`;
    }),
    row('error rate', (v) => fmtPct(metricOf(v, 'http_req_failed', 'rate'))),
    row('errors by kind', errorsByKind),
    row('latency p50 / p99 / max', (v) => {
      const l = v.load?.latency.intended;
      return l ? `${fmtMs(l.p50)} / ${fmtMs(l.p99)} / ${fmtMs(l.max)}` : '-';
    }),
    row('dropped', (v) => fmtCount(v.load?.totals.dropped)),
    row('event-loop lag p99 (max)', (v) => fmtMs(metricOf(v, 'event_loop_lag_p99_ms', 'max'))),
  ];
  const invariantNames = [...new Set(columns.flatMap((c) => c.variant.invariants.map((i) => i.name)))];
  for (const name of invariantNames) {
    rows.push(
      row(`invariant: ${name}`, (v) => {
        const inv = v.invariants.find((i) => i.name === name);
        return inv ? (inv.error ? `error: ${inv.error.slice(0, 40)}` : fmtCount(inv.violations)) : '-';
      }),
    );
  }
  rows.push(row('drain / counters settled', settleCell));
  rows.push(row('expectations', expectationsCell));
  // Rows a record predates (work, settle) are left out rather than shown as a column of dashes.
  const optional = new Set(['work done / asked', 'work not done, by reason', 'drain / counters settled']);
  return rows.filter((r) => !optional.has(r.label) || r.values.some((value) => value !== '-'));
}

/** "21,736 / 38,760 truck assignments (56.08%)": the work a fix must not drop. */
export function workCell(v: VariantRecord): string {
  if (!v.work) return '-';
  const { asked, done, unit } = v.work;
  return `${fmtCount(done)} / ${fmtCount(asked)} ${unit} (${asked === 0 ? '-' : fmtPct(done / asked)})`;
}

function notDoneCell(v: VariantRecord): string {
  if (!v.work) return '-';
  const reasons = Object.entries(v.work.notDone).filter(([, n]) => n > 0);
  return reasons.length === 0 ? '0' : reasons.map(([reason, n]) => `${reason} ${fmtCount(n)}`).join(', ');
}

function settleCell(v: VariantRecord): string {
  if (!v.settle) return '-';
  const { drainMs, settleMs, settled } = v.settle;
  return `${fmtMs(drainMs)} / ${fmtMs(settleMs)}${settled ? '' : ' (still moving)'}`;
}

export { fmtActual, fmtCount, fmtMs, fmtPct };

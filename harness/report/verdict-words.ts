import type { VariantRecord } from '../record/run-record.js';
import { fmtCount, fmtPct, metricOf } from './comparison.js';

/** One incident signature seen in a variant, in words ("deadlocked 4 times (40P01)"). */
export interface Signature {
  readonly text: string;
  /** incident: the story's failure showed; strain: queueing or slowness short of failure. */
  readonly severity: 'incident' | 'strain';
}

/** A variant's outcome in words: what showed, and whether its expectations were met. */
export interface VariantVerdict {
  readonly signatures: readonly Signature[];
  /** What was measured and stayed clean ("no deadlock"), when no incident signature showed. */
  readonly clean: readonly string[];
  /** "every expectation met (6/6)", "2 of 6 expectations NOT met", "interrupted: ...". */
  readonly expectations: string;
  /** incident: an incident signature showed; clean: none did; incomplete: the run did not finish. */
  readonly tone: 'incident' | 'clean' | 'incomplete';
  readonly ok: boolean;
}

const times = (n: number) => (n === 1 ? 'once' : `${fmtCount(n)} times`);

function signaturesOf(v: VariantRecord): Signature[] {
  const out: Signature[] = [];
  const count = (name: string) => metricOf(v, name, 'count') ?? 0;
  const max = (name: string) => metricOf(v, name, 'max') ?? 0;
  // The three deadlock sources count the same events from different sides; the largest wins.
  const deadlocks = Math.max(count('deadlocks'), count('db_errors:40P01'), count('pg_log_deadlocks'));
  if (deadlocks > 0) out.push({ text: `deadlocked ${times(deadlocks)} (40P01)`, severity: 'incident' });
  if (count('db_errors:40001') > 0)
    out.push({ text: `${fmtCount(count('db_errors:40001'))} serialization failures (40001)`, severity: 'incident' });
  if (count('db_errors:53300') > 0)
    out.push({ text: `${fmtCount(count('db_errors:53300'))} "too many clients" (53300)`, severity: 'incident' });
  for (const inv of v.invariants) {
    if (inv.error) out.push({ text: `invariant ${inv.name} could not be checked`, severity: 'incident' });
    else if (inv.violations > 0) out.push({ text: `${fmtCount(inv.violations)} ${inv.name} violations`, severity: 'incident' });
  }
  for (const [name, n] of Object.entries(v.load?.checkFailures ?? {})) {
    if (n > 0) out.push({ text: `${fmtCount(n)} responses failed the check ${name}`, severity: 'incident' });
  }
  if (v.work && v.work.done < v.work.asked) {
    const { asked, done, unit } = v.work;
    out.push({
      text: `did ${fmtCount(done)} of ${fmtCount(asked)} ${unit} (${fmtPct(asked === 0 ? 0 : done / asked)})`,
      severity: 'incident',
    });
  }
  const dropped = v.load?.totals.dropped ?? 0;
  if (dropped > 0) out.push({ text: `${fmtCount(dropped)} requests dropped`, severity: 'incident' });
  const failed = metricOf(v, 'http_req_failed', 'count') ?? 0;
  const rate = metricOf(v, 'http_req_failed', 'rate') ?? 0;
  if (failed > 0)
    out.push({ text: `${fmtCount(failed)} failed requests (${fmtPct(rate)})`, severity: rate >= 0.01 ? 'incident' : 'strain' });
  if (max('pgbouncer_cl_waiting') > 0)
    out.push({ text: `up to ${fmtCount(max('pgbouncer_cl_waiting'))} clients queued in PgBouncer`, severity: 'strain' });
  if (max('pool_waiting') > 0)
    out.push({ text: `up to ${fmtCount(max('pool_waiting'))} requests waiting for a pool connection`, severity: 'strain' });
  return out;
}

function cleanOf(v: VariantRecord): string[] {
  const out: string[] = [];
  if (v.work && v.work.done >= v.work.asked && v.work.asked > 0) out.push(`all ${fmtCount(v.work.asked)} ${v.work.unit} done`);
  if (v.metrics.deadlocks || v.metrics['db_errors:40P01']) out.push('no deadlock');
  if (v.metrics['db_errors:40001']) out.push('no serialization failure');
  if (v.invariants.length > 0) out.push('no invariant violated');
  return out;
}

function expectationsOf(v: VariantRecord): string {
  if (v.status !== 'completed') return `${v.status}${v.reason ? `: ${v.reason.message}` : ''}`;
  const failed = v.verdicts.filter((x) => !x.ok).length;
  if (v.verdicts.length === 0) return 'no expectations declared';
  const unjudged = (v.unjudged ?? []).length;
  const aside = unjudged === 0 ? '' : ` (${unjudged} not judged here: ${(v.unjudged ?? []).map((u) => u.metric).join(', ')})`;
  return failed === 0
    ? `every expectation met (${v.verdicts.length}/${v.verdicts.length})${aside}`
    : `${failed} of ${v.verdicts.length} expectations NOT met${aside}`;
}

/** Reads a variant's signatures and verdicts into words, for the top of every report. */
export function variantVerdict(v: VariantRecord): VariantVerdict {
  // Incidents first: the line leads with what went wrong.
  const signatures = signaturesOf(v).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'incident' ? -1 : 1));
  const incident = signatures.some((s) => s.severity === 'incident');
  return {
    signatures,
    clean: incident ? [] : cleanOf(v),
    expectations: expectationsOf(v),
    tone: v.status !== 'completed' ? 'incomplete' : incident ? 'incident' : 'clean',
    ok: v.ok,
  };
}

/**
 * One line per variant: "naive: deadlocked 4 times (40P01), 579 hazmat-through-tunnel violations;
 * every expectation met (4/4)", "hardened: no deadlock, no invariant violated; every expectation met (6/6)".
 */
export function verdictSentence(label: string, verdict: VariantVerdict): string {
  const what = [...verdict.clean, ...verdict.signatures.map((s) => s.text)];
  return `${label}: ${what.length > 0 ? `${what.join(', ')}; ` : ''}${verdict.expectations}`;
}

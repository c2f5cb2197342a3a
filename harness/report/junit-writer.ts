import type { InvariantRecord, VariantRecord } from '../record/run-record.js';
import type { ThresholdVerdict } from '../scenario/thresholds.js';
import { fmtActual } from './comparison.js';
import { escapeXml as x } from './escape.js';
import { type ReportColumn, reportSubject } from './report-columns.js';
import type { ReportInput, ReportWriter } from './report-writer.js';

interface Case {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly body: string };
  readonly error?: { readonly message: string; readonly body: string };
  readonly out?: string;
}

const seconds = (from: string, to: string) => {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
};
const actualText = (v: ThresholdVerdict) => fmtActual(v.actual);
const invariantOf = (v: VariantRecord, metric: string): InvariantRecord | undefined =>
  metric.startsWith('invariant:') ? v.invariants.find((i) => i.name === metric.slice('invariant:'.length)) : undefined;

function invariantOut(inv: InvariantRecord): string {
  const lines = [`${inv.description}`, `violations: ${inv.violations}`];
  for (const [k, n] of Object.entries(inv.figures ?? {})) lines.push(`${k}: ${n}`);
  if (inv.samples.length > 0) lines.push('sample rows:', ...inv.samples.slice(0, 5).map((s) => `  ${JSON.stringify(s)}`));
  return lines.join('\n');
}

/**
 * The test cases of one variant: one per expectation/threshold verdict (a failure when it failed,
 * with actual vs threshold), one per invariant no verdict covers (an error when its check could not
 * run), and an error case when the variant did not complete.
 */
export function variantCases(v: VariantRecord): Case[] {
  const cases: Case[] = [];
  if (v.status !== 'completed') {
    const message = `${v.variant} ${v.status}${v.reason ? ` (${v.reason.code}): ${v.reason.message}` : ''}`;
    cases.push({ name: 'run completed', error: { message, body: `${message}\nIts expectations were not evaluated.` } });
  }
  for (const verdict of v.verdicts) {
    const inv = invariantOf(v, verdict.metric);
    const body = `${verdict.metric}: ${verdict.threshold} failed, actual ${actualText(verdict)}`;
    cases.push({
      name: `${verdict.metric} ${verdict.threshold}`,
      ...(verdict.ok ? {} : { failure: { message: `actual ${actualText(verdict)}, threshold ${verdict.threshold}`, body } }),
      out: `${verdict.metric}: actual ${actualText(verdict)}, threshold ${verdict.threshold}${inv ? `\n${invariantOut(inv)}` : ''}`,
    });
  }
  const judged = new Set(v.verdicts.map((verdict) => verdict.metric));
  for (const inv of v.invariants) {
    if (judged.has(`invariant:${inv.name}`)) continue;
    cases.push({
      name: `invariant:${inv.name}`,
      ...(inv.error ? { error: { message: `the check could not run: ${inv.error}`, body: inv.error } } : {}),
      out: `${invariantOut(inv)}\n(no threshold on invariant:${inv.name}: reported, not judged)`,
    });
  }
  return cases;
}

function suite(c: ReportColumn, index: number): string {
  const v = c.variant;
  const record = c.run.record;
  const cases = variantCases(v);
  const failures = cases.filter((k) => k.failure).length;
  const errors = cases.filter((k) => k.error).length;
  const classname = [record.scenario.name, ...(c.label === v.variant ? [] : [c.run.label]), v.variant].join('.');
  const props = [
    ['scenario', record.scenario.name],
    ['variant', v.variant],
    ['run', c.run.label],
    ['status', v.status],
    ['seed', String(record.seed)],
    ['scale', String(record.scale)],
  ];
  const body = cases.map((k) => {
    const inner = [
      k.failure ? `      <failure message="${x(k.failure.message)}" type="threshold">${x(k.failure.body)}</failure>` : '',
      k.error ? `      <error message="${x(k.error.message)}" type="error">${x(k.error.body)}</error>` : '',
      k.out ? `      <system-out>${x(k.out)}</system-out>` : '',
    ].filter((s) => s !== '');
    const open = `    <testcase classname="${x(classname)}" name="${x(k.name)}" time="0"`;
    return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
  });
  return [
    `  <testsuite id="${index}" name="${x(`${record.scenario.name} ${c.label}`)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${x(v.startedAt)}" time="${seconds(v.startedAt, v.finishedAt)}">`,
    `    <properties>\n${props.map(([k, val]) => `      <property name="${x(k)}" value="${x(val)}"/>`).join('\n')}\n    </properties>`,
    ...body,
    '  </testsuite>',
  ].join('\n');
}

/** junit.xml: a testsuite per variant (and run), a testcase per verdict and per unjudged invariant. */
export function renderJunit(input: ReportInput): string {
  const subject = reportSubject(input);
  const suites = subject.columns.map((c, i) => suite(c, i));
  const all = subject.columns.map((c) => variantCases(c.variant));
  const tests = all.reduce((n, cs) => n + cs.length, 0);
  const failures = all.reduce((n, cs) => n + cs.filter((k) => k.failure).length, 0);
  const errors = all.reduce((n, cs) => n + cs.filter((k) => k.error).length, 0);
  const time = subject.runs.reduce((sum, r) => sum + Number(seconds(r.record.startedAt, r.record.finishedAt)), 0).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${x(`stampede ${subject.title}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">
${suites.join('\n')}
</testsuites>
`;
}

/** junit.xml in the writer registry. */
export const junitWriter: ReportWriter = { name: 'junit', fileName: 'junit.xml', render: renderJunit };

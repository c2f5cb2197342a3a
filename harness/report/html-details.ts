import type { InvariantRecord } from '../record/run-record.js';
import { describeAction } from './chaos-bands.js';
import { fmtCount } from './comparison.js';
import { connectionArithmetic } from './connection-arithmetic.js';
import { escapeHtml as esc } from './escape.js';
import type { ReportColumn, ReportSubject } from './report-columns.js';

const cellText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Sample rows as a table: one column per key the rows have (rows are whatever the check returned). */
function sampleTable(samples: readonly unknown[]): string {
  const rows = samples.slice(0, 5);
  const objects = rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
  if (!objects) return `<pre class="samples">${esc(rows.map((r) => JSON.stringify(r)).join('\n'))}</pre>`;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
  const head = keys.map((k) => `<th>${esc(k)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${keys.map((k) => `<td>${esc(cellText((r as Record<string, unknown>)[k]))}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="samples"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Invariants: violations per column, then sample violating rows of each column that had any. */
export function renderInvariants(columns: readonly ReportColumn[]): string {
  const names = [...new Set(columns.flatMap((c) => c.variant.invariants.map((i) => i.name)))];
  if (names.length === 0) return '<p>This scenario checks no invariants.</p>';
  const find = (c: ReportColumn, name: string): InvariantRecord | undefined => c.variant.invariants.find((i) => i.name === name);
  const head = `<tr><th>invariant</th>${columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>`;
  const body = names
    .map((name) => {
      const description = columns.map((c) => find(c, name)?.description).find((d) => d) ?? '';
      const cells = columns.map((c) => {
        const inv = find(c, name);
        if (!inv) return '<td class="na">—</td>';
        if (inv.error) return `<td class="fail">check failed: ${esc(inv.error)}</td>`;
        return `<td class="n ${inv.violations > 0 ? 'fail' : 'pass'}">${fmtCount(inv.violations)}</td>`;
      });
      return `<tr><td><b>${esc(name)}</b><br><span class="hint">${esc(description)}</span></td>${cells.join('')}</tr>`;
    })
    .join('');
  const samples = names.flatMap((name) =>
    columns.flatMap((c) => {
      const inv = find(c, name);
      if (!inv || inv.samples.length === 0) return [];
      const figures = Object.entries(inv.figures ?? {})
        .map(([k, n]) => `${esc(k)} ${fmtCount(n)}`)
        .join(', ');
      return [
        `<h4>${esc(name)} — ${esc(c.label)}: ${fmtCount(inv.violations)} violations${figures ? ` (${figures})` : ''}, sample rows</h4>${sampleTable(inv.samples)}`,
      ];
    }),
  );
  return `<table class="invariants"><thead>${head}</thead><tbody>${body}</tbody></table>${samples.join('')}`;
}

/** What PostgreSQL itself logged: `ERROR: deadlock detected` counts and their DETAIL lines. */
export function renderDeadlockEvidence(columns: readonly ReportColumn[]): string {
  return columns
    .map((c) => {
      const d = c.variant.evidence?.postgresDeadlocks;
      if (!d) return `<p><b>${esc(c.label)}</b>: no server log evidence (only the native provider reads PostgreSQL's log).</p>`;
      if (d.reports === 0) return `<p class="pass"><b>${esc(c.label)}</b>: PostgreSQL logged no deadlock.</p>`;
      return `<p class="bad"><b>${esc(c.label)}</b>: PostgreSQL logged <code>ERROR: deadlock detected</code> ${fmtCount(d.reports)} times, for example:</p><blockquote class="log">${d.samples.map((s) => `<div>${esc(s)}</div>`).join('')}</blockquote>`;
    })
    .join('');
}

/** The chaos log of each column: when each step started and ended, and whether it worked. */
export function renderChaosLog(columns: readonly ReportColumn[]): string {
  return columns
    .filter((c) => c.variant.chaos.length > 0)
    .map((c) => {
      const rows = c.variant.chaos
        .map(
          (e) =>
            `<tr><td>${(e.atMs / 1000).toFixed(1)} s</td><td>${esc(e.step)}</td><td>${esc(e.phase)}</td><td>${esc(describeAction(e.action))}</td><td class="${e.ok ? 'pass' : 'fail'}">${e.ok ? 'ok' : `failed: ${esc(e.error ?? '')}`}</td></tr>`,
        )
        .join('');
      return `<h4>${esc(c.label)}</h4><table class="chaos"><thead><tr><th>at</th><th>step</th><th>phase</th><th>action</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
}

const num = (n: number | null) => (n === null ? 'not measured' : fmtCount(n));

/** Settings in force and versions (one column per run), then the connection arithmetic per column. */
export function renderInfra(subject: ReportSubject): string {
  const runs = subject.runs;
  const keys = [
    ...new Set(
      runs.flatMap((r) => [
        ...Object.keys(r.record.infra?.versions ?? {}).map((k) => `version.${k}`),
        ...Object.keys(r.record.infra?.settings ?? {}),
      ]),
    ),
  ];
  const value = (i: number, key: string) => {
    const infra = runs[i]?.record.infra;
    return key.startsWith('version.') ? (infra?.versions[key.slice('version.'.length)] ?? '') : (infra?.settings[key] ?? '');
  };
  const head = `<tr><th>setting</th>${runs.map((r) => `<th>${esc(subject.comparing ? r.label : `${r.record.infra?.provider ?? 'unknown'} provider`)}</th>`).join('')}</tr>`;
  const body = keys
    .map((k) => {
      const values = runs.map((_, i) => value(i, k));
      return `<tr${new Set(values).size > 1 ? ' class="differs"' : ''}><td><code>${esc(k)}</code></td>${values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`;
    })
    .join('');
  const settings =
    keys.length === 0
      ? '<p>No infrastructure facts were recorded.</p>'
      : `<table class="settings"><thead>${head}</thead><tbody>${body}</tbody></table>`;
  const arithmetic = subject.columns.map((c) => ({ c, a: connectionArithmetic(c.run.record, c.variant) }));
  const rows: [string, (a: ReturnType<typeof connectionArithmetic>) => string][] = [
    ['instances', (a) => fmtCount(a.instances)],
    ['× pool per instance (peak observed)', (a) => num(a.poolPerInstance)],
    ['= client connections to PgBouncer', (a) => num(a.clientConnections)],
    ['PgBouncer server connections (default_pool_size + reserve)', (a) => num(a.pgbouncerServerConnections)],
    ['PostgreSQL max_connections', (a) => num(a.maxConnections)],
    ['server connections seen in pg_stat_activity (peak)', (a) => num(a.peakServerConnections)],
  ];
  const table = `<table class="arithmetic num"><thead><tr><th></th>${arithmetic.map(({ c }) => `<th>${esc(c.label)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(([label, f]) => `<tr><th scope="row">${esc(label)}</th>${arithmetic.map(({ a }) => `<td>${esc(f(a))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  const findings = arithmetic
    .filter(({ a }) => a.findings.length > 0)
    .map(({ c, a }) => `<li><b>${esc(c.label)}</b>: ${a.findings.map(esc).join(' ')}</li>`)
    .join('');
  return `${settings}<h3>Connection arithmetic</h3>${table}${findings ? `<ul class="findings">${findings}</ul>` : ''}`;
}

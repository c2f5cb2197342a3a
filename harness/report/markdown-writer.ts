import type { VariantRecord } from '../record/run-record.js';
import { describeAction } from './chaos-bands.js';
import { comparisonRows, fmtActual, fmtCount, fmtMs } from './comparison.js';
import { connectionArithmetic } from './connection-arithmetic.js';
import { markdownCode as code, escapeMarkdownText as text } from './escape.js';
import { type ReportColumn, type ReportSubject, reportSubject } from './report-columns.js';
import type { ReportInput, ReportWriter } from './report-writer.js';
import { variantVerdict, verdictSentence } from './verdict-words.js';

/** A GFM table; every cell must already be Markdown-safe (through text() or code()). */
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** A fenced block whose fence is longer than any backtick run inside (user text cannot close it). */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const bars = '`'.repeat(longest + 1);
  return `${bars}${lang}\n${text}\n${bars}`;
}

/** A collapsed section (summaries are the writer's own words): GitHub renders Markdown inside when blank lines surround it. */
const details = (summary: string, body: string) => `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;

function headline(subject: ReportSubject): string[] {
  const ok = subject.runs.every((r) => r.record.ok);
  const lines = [`## ${ok ? '✅' : '❌'} ${text(subject.title)}: ${ok ? 'every expectation met' : 'expectations NOT met'}`, ''];
  for (const r of subject.runs) {
    const rec = r.record;
    const versions = Object.entries(rec.infra?.versions ?? {})
      .map(([k, v]) => `${k} ${v ?? '?'}`)
      .join(', ');
    const status = rec.status === 'completed' ? '' : ` · **${text(rec.status)}**${rec.reason ? `: ${text(rec.reason.message)}` : ''}`;
    lines.push(
      `${subject.comparing ? `**${text(r.label)}**: ` : ''}seed ${text(rec.seed)} · scale ${text(rec.scale)} · ${text(rec.scenario.instances)} instance(s) per variant · ${fmtMs(rec.plannedDurationMs)} of load each · ${text(rec.infra?.provider ?? 'unknown')}${versions ? ` (${text(versions)})` : ''}${status}  `,
    );
  }
  lines.push('');
  for (const c of subject.columns) {
    const verdict = variantVerdict(c.variant);
    const mark = verdict.tone === 'incident' ? '🔴' : verdict.tone === 'clean' ? '🟢' : '⚪';
    const sentence = verdictSentence(c.label, verdict).slice(c.label.length + 2);
    lines.push(`- ${mark} **${text(c.label)}**: ${text(sentence)}`);
  }
  return lines;
}

function failedExpectations(columns: readonly ReportColumn[]): string[] {
  const failed = columns.flatMap((c) =>
    c.variant.verdicts.filter((v) => !v.ok).map((v) => [text(c.label), code(v.metric), code(v.threshold), fmtActual(v.actual)]),
  );
  return failed.length === 0 ? [] : ['', '**Not met:**', '', table(['variant', 'metric', 'threshold', 'actual'], failed)];
}

function expectationsTable(columns: readonly ReportColumn[]): string {
  const keys = [...new Set(columns.flatMap((c) => c.variant.verdicts.map((v) => `${v.metric}\u0000${v.threshold}`)))];
  if (keys.length === 0) return 'No expectations or thresholds were evaluated.';
  const rows = keys.map((key) => {
    const [metric = '', threshold = ''] = key.split('\u0000');
    return [
      code(metric),
      code(threshold),
      ...columns.map((c) => {
        const v = c.variant.verdicts.find((x) => x.metric === metric && x.threshold === threshold);
        return v ? `${v.ok ? 'pass' : '**FAIL**'} (${fmtActual(v.actual)})` : '—';
      }),
    ];
  });
  return table(['metric', 'threshold', ...columns.map((c) => text(c.label))], rows);
}

function invariantSamples(columns: readonly ReportColumn[]): string | undefined {
  const parts = columns.flatMap((c) =>
    c.variant.invariants
      .filter((inv) => inv.samples.length > 0 || inv.error)
      .map((inv) => {
        const head = `**${text(inv.name)}** (${text(c.label)}): ${fmtCount(inv.violations)} violations${inv.error ? `; the check failed: ${text(inv.error)}` : ''}. ${text(inv.description)}`;
        return inv.samples.length === 0
          ? head
          : `${head}\n\n${fence(
              inv.samples
                .slice(0, 5)
                .map((s) => JSON.stringify(s))
                .join('\n'),
              'json',
            )}`;
      }),
  );
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

function deadlockEvidence(columns: readonly ReportColumn[]): string | undefined {
  const parts = columns.flatMap((c) => {
    const d = c.variant.evidence?.postgresDeadlocks;
    if (!d || d.reports === 0) return [];
    return [
      `**${text(c.label)}**: ${fmtCount(d.reports)} \`ERROR: deadlock detected\` in the server log, for example:\n\n${fence(d.samples.join('\n'))}`,
    ];
  });
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

function loadDetails(v: VariantRecord): string {
  if (!v.load) return 'No load result.';
  const byName = Object.entries(v.load.byName).map(([name, r]) => [
    text(name),
    fmtCount(r.sent),
    fmtCount(r.errors),
    fmtMs(r.intended.p50),
    fmtMs(r.intended.p99),
    fmtMs(r.intended.max),
  ]);
  const stages = v.load.stages.map((s, i) => [
    String(i + 1),
    text(`${s.from} -> ${s.target} ${s.unit}`),
    fmtMs(s.durationMs),
    s.askedRate === null ? '-' : s.askedRate.toFixed(1),
    s.achievedRate.toFixed(1),
    fmtCount(s.dropped),
  ]);
  return [
    table(['request', 'sent', 'errors', 'p50', 'p99', 'max'], byName),
    '',
    table(['stage', 'rate', 'duration', 'asked/s', 'achieved/s', 'dropped'], stages),
  ].join('\n');
}

function chaosDetails(v: VariantRecord): string {
  if (v.chaos.length === 0) return 'No chaos steps.';
  return table(
    ['at', 'step', 'phase', 'action', 'result'],
    v.chaos.map((e) => [
      fmtMs(e.atMs),
      text(e.step),
      text(e.phase),
      text(describeAction(e.action)),
      e.ok ? 'ok' : `failed: ${text(e.error ?? '')}`,
    ]),
  );
}

function infraDetails(subject: ReportSubject): string {
  const parts = subject.runs.map((r) => {
    const settings = Object.entries(r.record.infra?.settings ?? {}).map(([k, v]) => code(`${k}=${v}`));
    return `${subject.comparing ? `**${text(r.label)}**: ` : ''}${settings.length > 0 ? settings.join(', ') : 'no settings recorded'}.`;
  });
  const arithmetic = subject.columns.flatMap((c) => {
    const a = connectionArithmetic(c.run.record, c.variant);
    return a.findings.length === 0 ? [] : [`- **${text(c.label)}**: ${text(a.findings.join(' '))}`];
  });
  return [
    ...parts,
    ...(arithmetic.length > 0 ? ['', 'Connection arithmetic (instances × pool vs PgBouncer vs max_connections):', '', ...arithmetic] : []),
  ].join('\n');
}

/** report.md, fit for a pull-request comment: verdicts first, the table, then collapsed details. */
export function renderMarkdown(input: ReportInput): string {
  const subject = reportSubject(input);
  const { columns } = subject;
  const rows = comparisonRows(columns);
  const sections = [
    ...headline(subject),
    '',
    table(
      ['', ...columns.map((c) => text(c.label))],
      rows.map((r) => [r.label, ...r.values].map(text)),
    ),
    ...failedExpectations(columns),
    '',
    details(`Expectations and thresholds (${columns.reduce((n, c) => n + c.variant.verdicts.length, 0)})`, expectationsTable(columns)),
  ];
  const samples = invariantSamples(columns);
  if (samples) sections.push('', details('Invariants: sample violating rows', samples));
  const deadlocks = deadlockEvidence(columns);
  if (deadlocks) sections.push('', details('What PostgreSQL said', deadlocks));
  sections.push(
    '',
    details(
      'The incident',
      [
        ...new Set(
          subject.runs.map((r) => `> ${text(r.record.scenario.incident)}\n>\n> Sources: ${text(r.record.scenario.sources.join(', '))}`),
        ),
      ].join('\n\n'),
    ),
    '',
    details(
      'Load, stages and chaos',
      columns.map((c) => `**${text(c.label)}**\n\n${loadDetails(c.variant)}\n\n${chaosDetails(c.variant)}`).join('\n\n'),
    ),
    '',
    details('Infrastructure in force', infraDetails(subject)),
    '',
  );
  return sections.join('\n');
}

/** report.md in the writer registry. */
export const markdownWriter: ReportWriter = { name: 'markdown', fileName: 'report.md', render: renderMarkdown };

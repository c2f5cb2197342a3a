import type { RunRecord, VariantRecord } from '../run/run-record.js';
import { comparisonRows, fmtCount, fmtMs } from './comparison.js';
import type { ReportWriter } from './report-writer.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

function variantSection(v: VariantRecord): string {
  const parts = [
    `## ${v.variant}`,
    '',
    `Status: **${v.status}**${v.reason ? ` (${v.reason.code}: ${v.reason.message})` : ''}. Instances: ${v.instances.map((i) => i.instance).join(', ') || 'none'}.`,
  ];
  if (v.verdicts.length > 0) {
    parts.push(
      '',
      '### Expectations',
      '',
      table(
        ['metric', 'threshold', 'actual', 'verdict'],
        v.verdicts.map((x) => [x.metric, x.threshold, x.actual === null ? 'not measured' : fmtCount(x.actual), x.ok ? 'pass' : '**FAIL**']),
      ),
    );
  }
  if (v.load) {
    const byName = Object.entries(v.load.byName).map(([name, r]) => [
      name,
      fmtCount(r.sent),
      fmtCount(r.errors),
      fmtMs(r.intended.p50),
      fmtMs(r.intended.p99),
      fmtMs(r.intended.max),
    ]);
    parts.push('', '### Requests', '', table(['request', 'sent', 'errors', 'p50', 'p99', 'max'], byName));
    const stages = v.load.stages.map((s, i) => [
      String(i + 1),
      `${s.from} -> ${s.target} ${s.unit}`,
      fmtMs(s.durationMs),
      s.askedRate === null ? '-' : s.askedRate.toFixed(1),
      s.achievedRate.toFixed(1),
      fmtCount(s.dropped),
    ]);
    parts.push('', '### Stages', '', table(['stage', 'rate', 'duration', 'asked/s', 'achieved/s', 'dropped'], stages));
  }
  if (v.chaos.length > 0) {
    parts.push(
      '',
      '### Chaos',
      '',
      table(
        ['at', 'step', 'phase', 'action', 'result'],
        v.chaos.map((e) => [
          fmtMs(e.atMs),
          e.step,
          e.phase,
          e.action.type === 'toxic' ? `${e.action.toxic.type} on ${e.action.proxy}` : e.action.type,
          e.ok ? 'ok' : `failed: ${e.error ?? ''}`,
        ]),
      ),
    );
  }
  const deadlocks = v.evidence?.postgresDeadlocks;
  if (deadlocks && deadlocks.reports > 0) {
    parts.push(
      '',
      '### PostgreSQL said',
      '',
      `${fmtCount(deadlocks.reports)} \`ERROR: deadlock detected\` in the server log, for example:`,
      '',
      ...deadlocks.samples.map((d) => `> ${d}`),
    );
  }
  for (const inv of v.invariants) {
    parts.push(
      '',
      `### Invariant: ${inv.name}`,
      '',
      `${inv.description} Violations: **${fmtCount(inv.violations)}**${inv.error ? ` (the check failed: ${inv.error})` : ''}.`,
    );
    if (inv.figures)
      parts.push(
        '',
        Object.entries(inv.figures)
          .map(([k, n]) => `- ${k}: ${fmtCount(n)}`)
          .join('\n'),
      );
    if (inv.samples.length > 0)
      parts.push('', 'Sample rows:', '', '```json', ...inv.samples.slice(0, 5).map((s) => JSON.stringify(s)), '```');
  }
  return parts.join('\n');
}

/** report.md: the story, the side-by-side comparison, then each variant in detail. */
export const markdownWriter: ReportWriter = {
  name: 'markdown',
  fileName: 'report.md',
  render(record: RunRecord): string {
    const rows = comparisonRows(record);
    const settings = Object.entries(record.infra?.settings ?? {}).map(([k, v]) => `\`${k}=${v}\``);
    return [
      `# ${record.scenario.name}`,
      '',
      `${record.status === 'completed' ? (record.ok ? 'All expectations met.' : 'Some expectations were **not** met.') : `Run **${record.status}**${record.reason ? `: ${record.reason.message}` : ''}.`} Seed ${record.seed}, scale ${record.scale}, started ${record.startedAt}, ${record.scenario.instances} instance(s) per variant, sources: ${record.scenario.sources.join(', ')}.`,
      '',
      `> ${record.scenario.incident}`,
      '',
      '## Side by side',
      '',
      table(
        ['', ...record.variants.map((v) => v.variant)],
        rows.map((r) => [r.label, ...r.values]),
      ),
      '',
      `Infrastructure: ${record.infra?.provider ?? 'unknown'} (${Object.entries(record.infra?.versions ?? {})
        .map(([k, v]) => `${k} ${v ?? '?'}`)
        .join(', ')}); ${settings.join(', ')}.`,
      '',
      ...record.variants.map(variantSection),
      '',
    ].join('\n');
  },
};

import { escapeHtml as esc } from './escape.js';
import { renderCharts } from './html-charts.js';
import { renderChaosLog, renderDeadlockEvidence, renderInfra, renderInvariants } from './html-details.js';
import { reportCss } from './html-style.js';
import { renderComparisonTable, renderExpectations, renderVerdictCards } from './html-verdicts.js';
import { type ReportSubject, reportSubject } from './report-columns.js';
import type { ReportInput, ReportWriter } from './report-writer.js';

// Nothing may be fetched when the page is viewed: the policy forbids every source but inline
// styles and data: images, so a stray URL in run.json can neither load nor run anything.
// No script, no fetch, no form, no base: navigation is refused where CSP can refuse it (meta refresh cannot be, so no markup reaches the page).
const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

function header(subject: ReportSubject): string {
  const allOk = subject.runs.every((r) => r.record.ok);
  const runs = subject.runs
    .map((r) => {
      const rec = r.record;
      const status =
        rec.status === 'completed'
          ? ''
          : ` — <span class="bad">${esc(rec.status)}${rec.reason ? `: ${esc(rec.reason.message)}` : ''}</span>`;
      const label = subject.comparing ? `<b>${esc(r.label)}</b>: ` : '';
      return `<p class="meta">${label}seed ${esc(rec.seed)}, scale ${esc(rec.scale)}, ${esc(rec.scenario.instances)} instance(s) of ${esc(rec.scenario.service)} per variant, ${esc(Math.round(rec.plannedDurationMs / 1000))} s of load each, started ${esc(rec.startedAt)}${status}</p>`;
    })
    .join('');
  const stories = [...new Set(subject.runs.map((r) => r.record.scenario.incident))];
  const sources = [...new Set(subject.runs.flatMap((r) => r.record.scenario.sources))];
  const banner = allOk
    ? '<p class="banner pass">Every expectation met.</p>'
    : '<p class="banner fail">Some expectations were not met (see Expectations and thresholds).</p>';
  return `<header><h1>${esc(subject.title)}${subject.comparing ? ': runs compared' : ''}</h1>${runs}${stories
    .map((s) => `<blockquote class="story">${esc(s)}</blockquote>`)
    .join('')}${sources.length > 0 ? `<p class="hint">Sources: ${sources.map(esc).join(', ')}</p>` : ''}${banner}
<nav class="toc"><a href="#charts">Charts</a><a href="#signatures">Signatures</a><a href="#expectations">Expectations</a><a href="#invariants">Invariants</a><a href="#deadlocks">Deadlock evidence</a><a href="#infra">Infrastructure</a><a href="#chaos">Chaos log</a></nav></header>`;
}

/** Renders report.html: one self-contained page, charts drawn as inline SVG, no script at all. */
export function renderHtml(input: ReportInput): string {
  const subject = reportSubject(input);
  const body = [
    header(subject),
    renderVerdictCards(subject),
    `<h2 id="charts">Over time</h2>${renderCharts(subject.columns)}`,
    `<h2 id="signatures">Signatures side by side</h2>${renderComparisonTable(subject.columns)}`,
    `<h2 id="expectations">Expectations and thresholds</h2>${renderExpectations(subject.columns)}`,
    `<h2 id="invariants">Invariants</h2>${renderInvariants(subject.columns)}`,
    `<h2 id="deadlocks">What PostgreSQL said</h2>${renderDeadlockEvidence(subject.columns)}`,
    `<h2 id="infra">Infrastructure in force</h2>${renderInfra(subject)}`,
    `<h2 id="chaos">Chaos log</h2>${renderChaosLog(subject.columns) || '<p>No chaos steps.</p>'}`,
    `<footer>Rendered by stampede from ${subject.runs.length === 1 ? 'run.json' : `${subject.runs.length} run.json files`} (schema ${esc(subject.runs[0]?.record.schema ?? '')}).</footer>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(subject.title)}: stampede report</title>
<style>${reportCss}</style>
</head>
<body><main>
${body.join('\n')}
</main></body>
</html>
`;
}

/** report.html in the writer registry. */
export const htmlWriter: ReportWriter = { name: 'html', fileName: 'report.html', render: renderHtml };

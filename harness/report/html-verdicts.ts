import { comparisonRows, fmtActual } from './comparison.js';
import { escapeHtml as esc } from './escape.js';
import type { ReportColumn, ReportSubject } from './report-columns.js';
import { variantVerdict, verdictSentence } from './verdict-words.js';

const toneWord = { incident: 'incident reproduced', clean: 'no incident signature', incomplete: 'did not complete' } as const;

/** The top of the page: one card per column saying, in words, what happened and whether expectations held. */
export function renderVerdictCards(subject: ReportSubject): string {
  const cards = subject.columns.map((c) => {
    const verdict = variantVerdict(c.variant);
    const items = [
      ...verdict.clean.map((t) => `<li class="clean">${esc(t)}</li>`),
      ...verdict.signatures.map((s) => `<li class="${s.severity}">${esc(s.text)}</li>`),
    ];
    return `<article class="verdict ${verdict.tone}" data-column="${esc(c.label)}" data-tone="${verdict.tone}">
<header><h2>${esc(c.label)}</h2><span class="tone">${toneWord[verdict.tone]}</span></header>
<ul>${items.join('') || '<li class="clean">nothing notable measured</li>'}</ul>
<p class="expect ${verdict.ok ? 'pass' : 'fail'}">${verdict.ok ? '✔' : '✘'} ${esc(verdict.expectations)}</p>
<p class="sr-only">${esc(verdictSentence(c.label, verdict))}</p>
</article>`;
  });
  return `<section class="verdicts">${cards.join('')}</section>`;
}

/** The side-by-side signature table (the rows of the console summary and report.md). */
export function renderComparisonTable(columns: readonly ReportColumn[]): string {
  const rows = comparisonRows(columns);
  const head = `<tr><th></th>${columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => {
      const differ = new Set(r.values).size > 1 ? ' class="differs"' : '';
      return `<tr${differ}><th scope="row">${esc(r.label)}</th>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table class="compare num"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Every expectation and threshold verdict, one row per metric and expression, one column per variant. */
export function renderExpectations(columns: readonly ReportColumn[]): string {
  const keys: { metric: string; threshold: string }[] = [];
  for (const c of columns) {
    for (const v of c.variant.verdicts) {
      if (!keys.some((k) => k.metric === v.metric && k.threshold === v.threshold)) keys.push({ metric: v.metric, threshold: v.threshold });
    }
  }
  const notRun = columns.filter((c) => c.variant.status !== 'completed');
  const note = notRun
    .map((c) => `<p class="bad">${esc(c.label)} ${esc(c.variant.status)}: its expectations were not evaluated.</p>`)
    .join('');
  if (keys.length === 0) return `${note}<p>No expectations or thresholds were declared.</p>`;
  const head = `<tr><th>metric</th><th>threshold</th>${columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>`;
  const body = keys
    .map((k) => {
      const cells = columns.map((c) => {
        const v = c.variant.verdicts.find((x) => x.metric === k.metric && x.threshold === k.threshold);
        if (!v) return '<td class="na">—</td>';
        const actual = fmtActual(v.actual);
        return `<td class="${v.ok ? 'pass' : 'fail'}">${v.ok ? '✔ pass' : '✘ FAIL'} <span class="actual">${esc(actual)}</span></td>`;
      });
      return `<tr><td><code>${esc(k.metric)}</code></td><td><code>${esc(k.threshold)}</code></td>${cells.join('')}</tr>`;
    })
    .join('');
  return `${note}<table class="expectations"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

import type { FaultScore, GameDayRecord } from '../record/gameday-record.js';
import { escapeHtml as esc } from './escape.js';
import { renderDebriefCharts } from './gameday-charts.js';
import { reportCss } from './html-style.js';

const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const clock = (s: number | null) => (s === null ? '-' : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`);
const secs = (s: number | null) => (s === null ? '<span class="bad">never</span>' : `${s.toFixed(1)} s`);

function faultRows(scores: readonly FaultScore[], record: GameDayRecord): string {
  return scores
    .map((s) => {
      const fault = record.faults.find((f) => f.name === s.fault && f.startS === s.startS);
      return `<tr data-fault="${esc(s.fault)}"><td><b>${esc(s.fault)}</b><br><small>${esc(fault?.detail ?? '')}</small></td><td>${esc(s.category)}</td><td>${clock(s.startS)} to ${clock(s.endS)}${fault?.endedBy ? ` (${esc(fault.endedBy)})` : ''}</td><td class="ttd">${secs(s.timeToDetectS)}${s.detectedBy ? ` by ${esc(s.detectedBy)}` : ''}</td><td class="ttm">${secs(s.timeToMitigateS)}${s.mitigatedBy ? ` by ${esc(s.mitigatedBy)} (${esc(s.mitigatingLever)})` : ''}</td></tr>`;
    })
    .join('');
}

function playerRows(record: GameDayRecord): string {
  return record.scores.players
    .map(
      (p) =>
        `<tr data-player="${esc(p.player)}"><td>${esc(p.player)}</td><td>${p.detections}</td><td>${p.faultsDetected}</td><td>${p.falseAlarms}</td><td>${p.wrongHypotheses}</td><td>${p.leversPulled}</td><td>${p.needlessLevers}</td><td>${p.mitigations}</td></tr>`,
    )
    .join('');
}

function timeline(record: GameDayRecord): string {
  const lines = [
    ...record.faults.map((f) => ({ atS: f.startS, text: `fault ${f.name} (${f.category}) started: ${f.detail}`, cls: 'fault' })),
    ...record.actions.map((a) => ({
      atS: a.atS,
      text:
        a.type === 'detect'
          ? `${a.player} declared ${a.category}${a.text ? `: ${a.text}` : ''}`
          : `${a.player} pulled ${a.lever}: ${a.detail}`,
      cls: a.type,
    })),
    ...record.facilitator.map((a) => ({ atS: a.atS, text: `facilitator ${a.type}: ${a.text}`, cls: 'facilitator' })),
  ].sort((a, b) => a.atS - b.atS);
  return `<ol class="timeline">${lines.map((l) => `<li class="${esc(l.cls)}"><code>${clock(l.atS)}</code> ${esc(l.text)}</li>`).join('')}</ol>`;
}

/** gameday.html: the debrief, one self-contained page with no script; faults revealed. */
export function renderGameDayHtml(record: GameDayRecord): string {
  const t = record.scores.team;
  const notes = record.facilitator.filter((a) => a.type === 'note');
  const items = record.facilitator.filter((a) => a.type === 'action-item');
  const body = [
    `<header><h1>${esc(record.plan.title)}: debrief</h1><p class="meta">${esc(record.plan.scenario)} (${esc(record.plan.variant)}), seed ${record.seed}, ${Math.round(record.plannedDurationMs / 1000)} s planned, started ${esc(record.startedAt)}, ${esc(record.status)}${record.reason ? `: ${esc(record.reason.message)}` : ''}; players: ${esc(record.players.join(', ') || 'none')}; ${record.peakViewers} browser(s) at the peak</p></header>`,
    `<h2 id="team">Team</h2><table class="team"><tr><th>faults</th><th>detected</th><th>mitigated</th><th>mean time to detect</th><th>mean time to mitigate</th><th>false alarms</th><th>wrong hypotheses</th><th>needless levers</th></tr><tr><td>${t.faults}</td><td>${t.detected}</td><td>${t.mitigated}</td><td>${secs(t.meanTimeToDetectS)}</td><td>${secs(t.meanTimeToMitigateS)}</td><td>${t.falseAlarms}</td><td>${t.wrongHypotheses}</td><td>${t.needlessLevers}</td></tr></table>`,
    `<h2 id="faults">Faults, revealed</h2><table class="faults"><tr><th>fault</th><th>category</th><th>in force</th><th>time to detect</th><th>time to mitigate</th></tr>${faultRows(record.scores.faults, record) || '<tr><td colspan="5">No fault happened.</td></tr>'}</table>`,
    `<h2 id="players">Players</h2><table class="players"><tr><th>player</th><th>detections</th><th>faults first named</th><th>false alarms</th><th>wrong hypotheses</th><th>levers</th><th>needless levers</th><th>mitigations</th></tr>${playerRows(record) || '<tr><td colspan="8">Nobody played.</td></tr>'}</table>`,
    `<h2 id="charts">Over time</h2><p class="hint">Bands are the faults; blue lines the detections, green lines the levers.</p>${renderDebriefCharts(record)}`,
    `<h2 id="notes">Facilitator's notes</h2>${notes.length ? `<ul class="notes">${notes.map((n) => `<li><code>${clock(n.atS)}</code> ${esc(n.text)}</li>`).join('')}</ul>` : '<p>No notes.</p>'}`,
    `<h2 id="action-items">Action items</h2>${items.length ? `<ul class="action-items">${items.map((n) => `<li>${esc(n.text)}</li>`).join('')}</ul>` : '<p>None recorded.</p>'}`,
    `<h2 id="objectives">Objectives</h2><ul>${record.plan.objectives.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`,
    `<h2 id="timeline">Timeline</h2>${timeline(record)}`,
    `<footer>Rendered by stampede from gameday.json (schema ${esc(record.schema)}).</footer>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(record.plan.title)}: game day debrief</title>
<style>${reportCss}
table.team td,table.faults td,table.players td{vertical-align:top}ol.timeline{font-size:.9em}ol.timeline li.fault{color:#8c1b13}ol.timeline li.detect{color:#1565c0}ol.timeline li.lever{color:#2e7d32}</style>
</head>
<body><main>
${body.join('\n')}
</main></body>
</html>
`;
}

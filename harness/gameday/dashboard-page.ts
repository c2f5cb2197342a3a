import { escapeHtml as esc } from '../report/escape.js';
import { liveCharts } from './dashboard-charts.js';
import { dashboardScript } from './dashboard-script.js';
import type { ScheduledFault } from './fault-schedule.js';
import { describeAction } from './fault-words.js';
import { describeLever } from './lever-actions.js';
import type { GameDayPlan } from './plan-types.js';

const css = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:1em;align-items:center;padding:.6em 1em;background:#222;color:#fff;flex-wrap:wrap}
header h1{font-size:1.1em;margin:0;flex:1}#clock{font:600 1.3em monospace}
#status.live{color:#8f8}#status.down{color:#f88}main{display:grid;grid-template-columns:1fr 340px;gap:1em;padding:1em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:.8em}
figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:4px;padding:.4em}figcaption{font-weight:600;font-size:.9em}
svg{width:100%;height:auto;display:block}.legend{font-size:.8em;color:#444}.key{margin-right:.8em}.key i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
aside section{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.6em;margin-bottom:.8em}aside h2{font-size:1em;margin:.1em 0 .5em}
input,select,textarea,button{font:inherit;margin:.15em 0}input,select,textarea{width:100%;box-sizing:border-box}
button{cursor:pointer;border:1px solid #888;background:#eee;border-radius:3px;padding:.25em .6em}button.danger{background:#c62828;color:#fff;border-color:#c62828}
#log{list-style:none;padding:0;margin:0;max-height:300px;overflow:auto;font-size:.85em}#log li{border-bottom:1px solid #eee;padding:.2em 0}
#log .detect{color:#1565c0}#log .failed{color:#c62828}#log .facilitator{color:#6a1b9a}#said.bad{color:#c62828}#said.ok{color:#2e7d32}
table{border-collapse:collapse;width:100%;font-size:.85em}td,th{border-bottom:1px solid #eee;text-align:left;padding:.2em}
tr[data-state=active]{background:#ffebee}tr[data-state=pending]{background:#fffde7}ul.objectives{margin:.2em 0;padding-left:1.2em}`;

export interface PageOptions {
  readonly plan: GameDayPlan;
  readonly categories: readonly string[];
  readonly nonce: string;
}

function charts(): string {
  return `<div class="charts">${liveCharts
    .map(
      (c) =>
        `<figure data-chart="${esc(c.id)}"><figcaption>${esc(c.title)}</figcaption><svg viewBox="0 0 600 170" role="img" aria-label="${esc(c.title)}" data-points="0"></svg><div class="legend"></div></figure>`,
    )
    .join('')}</div>`;
}

function playerPanel(options: PageOptions): string {
  const { plan, categories } = options;
  return `<section><h2>You</h2><input id="player" placeholder="your name" maxlength="40" autocomplete="off"></section>
<section><h2>Objectives</h2><ul class="objectives">${plan.objectives.map((o) => `<li>${esc(o)}</li>`).join('')}</ul></section>
<section><h2>Declare an incident</h2><form id="detect"><select id="category">${categories
    .map((c) => `<option value="${esc(c)}">${esc(c)}</option>`)
    .join(
      '',
    )}</select><textarea id="hypothesis" rows="2" placeholder="your hypothesis"></textarea><button type="submit">Declare incident</button></form></section>
<section><h2>Levers</h2>${plan.levers
    .map((l) => `<button data-lever="${esc(l.name)}" title="${esc(describeLever(l.action))}">${esc(l.label)}</button> `)
    .join('')}<p id="said" aria-live="polite"></p></section>`;
}

function facilitatorPanel(plan: GameDayPlan, schedule: readonly ScheduledFault[]): string {
  const at = new Map(schedule.map((f) => [f.fault.name, f]));
  const rows = plan.faults
    .map((f) => {
      const s = at.get(f.name);
      const when = s
        ? `${Math.round(s.atMs / 1000)} s${s.forMs === undefined ? '' : ` for ${Math.round(s.forMs / 1000)} s`}`
        : 'not scheduled';
      return `<tr data-fault="${esc(f.name)}" data-state="idle"><td><b>${esc(f.name)}</b><br>${esc(f.category)}, signal ${esc(f.signal)}<br><small>${esc(describeAction(f.action))}${f.note ? `<br>${esc(f.note)}` : ''}</small></td><td>${esc(when)}</td><td><button data-command="inject" data-name="${esc(f.name)}">inject now</button><button data-command="cancel" data-name="${esc(f.name)}">cancel</button></td></tr>`;
    })
    .join('');
  return `<section><h2>Hidden plan</h2><p id="chaos-state">active: none</p><table><tr><th>fault</th><th>when</th><th></th></tr>${rows}</table></section>
<section><h2>Game</h2><button data-command="pause">pause load</button> <button data-command="resume">resume load</button> <button data-command="end">end game</button> <button class="danger" data-command="safety">SAFETY LEVER: remove every fault, stop the load</button><p id="said" aria-live="polite"></p></section>
<section><h2>Notes</h2><textarea id="note" rows="3" placeholder="what you saw"></textarea><button data-command="note" data-text="note">add note</button> <button data-command="action-item" data-text="note">add action item</button></section>`;
}

function page(title: string, nonce: string, config: unknown, header: string, aside: string): string {
  // Nothing may load from elsewhere: the page's own script (by nonce), its styles, and its own server.
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:`;
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${esc(title)}</title><style>${css}</style></head>
<body><header><h1>${header}</h1><span id="clock">0:00</span><span id="load-state"></span><span id="status">connecting</span></header>
<main>${charts()}<aside>${aside}<section><h2>Log</h2><ul id="log"></ul></section></aside></main>
<script type="application/json" id="config">${json}</script>
<script nonce="${nonce}">${dashboardScript}</script></body></html>`;
}

/** The player view: live charts, the objectives, detections and levers; nothing about the faults. */
export function renderPlayerPage(options: PageOptions): string {
  return page(
    `${options.plan.title}: game day`,
    options.nonce,
    { events: '/events', charts: liveCharts, token: '' },
    `${esc(options.plan.title)} <small>player view</small>`,
    playerPanel(options),
  );
}

/** The facilitator view: the same charts, plus the hidden plan and the controls. */
export function renderFacilitatorPage(options: PageOptions & { token: string; schedule: readonly ScheduledFault[] }): string {
  return page(
    `${options.plan.title}: facilitator`,
    options.nonce,
    { events: `/facilitator/events?token=${encodeURIComponent(options.token)}`, charts: liveCharts, token: options.token },
    `${esc(options.plan.title)} <small>facilitator view</small>`,
    facilitatorPanel(options.plan, options.schedule),
  );
}

/**
 * report.html's stylesheet, inlined into the page (the file must open offline). Screen: a laptop
 * width with panels side by side; print: A4 landscape, charts kept whole on a page, colours kept.
 */
export const reportCss = `
:root { --bad: #c0392b; --bad-bg: #fdecea; --good: #1e7b34; --good-bg: #e8f5ea; --warn: #9a6700; --muted: #5f6368; --line: #d9dce1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328; background: #f6f7f9; }
main { max-width: 1500px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 2px; }
h4 { font-size: 13px; margin: 14px 0 4px; }
code { font: 12px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; }
.meta { color: var(--muted); margin: 0 0 8px; }
.story { margin: 8px 0 0; padding: 6px 12px; border-left: 3px solid var(--line); color: #3c4043; background: #fff; }
.hint { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
.bad, td.fail { color: var(--bad); }
.pass, td.pass { color: var(--good); }
.na { color: var(--muted); text-align: center; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.banner { margin: 12px 0; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
.banner.pass { background: var(--good-bg); } .banner.fail { background: var(--bad-bg); color: var(--bad); }
.verdicts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; margin: 12px 0; }
.verdict { background: #fff; border: 1px solid var(--line); border-top: 6px solid var(--muted); border-radius: 6px; padding: 10px 14px; }
.verdict.incident { border-top-color: var(--bad); background: var(--bad-bg); }
.verdict.clean { border-top-color: var(--good); background: var(--good-bg); }
.verdict header { display: flex; align-items: baseline; gap: 10px; }
.verdict h2 { margin: 0; border: 0; font-size: 20px; }
.verdict .tone { font-weight: 700; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; }
.verdict.incident .tone { color: var(--bad); } .verdict.clean .tone { color: var(--good); }
.verdict ul { margin: 6px 0; padding-left: 18px; font-size: 15px; }
.verdict li.incident { color: var(--bad); font-weight: 600; }
.verdict li.strain { color: var(--warn); }
.verdict li.clean { color: var(--good); }
.verdict .expect { margin: 4px 0 0; font-weight: 600; }
.expect.pass { color: var(--good); } .expect.fail { color: var(--bad); }
table { border-collapse: collapse; background: #fff; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef0f3; }
table.num td, td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.differs th[scope=row] { font-weight: 700; }
table.samples td, pre.samples { font: 11px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; }
pre.samples { background: #fff; border: 1px solid var(--line); padding: 6px; white-space: pre-wrap; word-break: break-all; }
.actual { color: #1f2328; font-variant-numeric: tabular-nums; }
blockquote.log { margin: 4px 0 12px; padding: 6px 10px; background: #fff; border-left: 3px solid var(--bad); font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.legend { list-style: none; padding: 0; margin: 2px 0 4px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
.swatch.dashed { height: 2px; vertical-align: 3px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.chart h3 { margin-top: 0; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 10px; }
.panel { margin: 0; }
.panel figcaption { font-size: 12px; color: var(--muted); }
.panel figcaption b { color: #1f2328; font-size: 13px; }
.chart-svg { width: 100%; height: auto; display: block; }
.chart-svg text { font: 10px system-ui, "DejaVu Sans", sans-serif; fill: #3c4043; }
.chart-svg .band text { font-weight: 600; }
.chart-svg .band.failed rect { stroke: var(--bad); stroke-dasharray: 3 2; }
.chart-svg .grid line { stroke: #e6e8eb; }
.chart-svg .grid .baseline { stroke: #9aa0a6; }
.chart-svg .ytick { text-anchor: end; }
.chart-svg .xtick { text-anchor: middle; }
.chart-svg .note { text-anchor: middle; font-size: 13px; fill: var(--muted); }
.chart-svg .note.zero { fill: var(--good); font-weight: 600; }
.chart-svg .hover rect { fill: transparent; }
.chart-svg .hover rect:hover { fill: rgba(0, 0, 0, .06); }
.findings li { margin: 2px 0; }
nav.toc { font-size: 13px; margin: 4px 0 0; }
nav.toc a { margin-right: 12px; color: #1a5fb4; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.toc, .chart-svg .hover { display: none; }
  .chart, .verdict, table, figure, blockquote { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

import { type ChaosBand, chaosBands } from './chaos-bands.js';
import { type Axis, linearAxis, logAxis } from './chart-scale.js';
import { type ChartSeries, type ChartSpec, chartSpecs } from './chart-series.js';
import { escapeHtml as esc } from './escape.js';
import type { ReportColumn } from './report-columns.js';
import { labelSeconds, panelSummary, renderPanel } from './svg-chart.js';

const bandPalette = ['#f2c14e', '#7fb7e6', '#9ad18b', '#d9a0d0', '#f5a46b', '#a8a8a8', '#6fd0c5', '#e6a1a1'];

/** One colour per chaos step name, the same in every panel and column. */
export function stepColors(columns: readonly ReportColumn[]): (step: string) => string {
  const steps = [...new Set(columns.flatMap((c) => c.variant.chaos.map((e) => e.step)))];
  return (step) => bandPalette[Math.max(0, steps.indexOf(step)) % bandPalette.length] as string;
}

/** The y axis every panel of a chart shares, so naive and hardened compare at a glance. */
export function sharedAxis(spec: ChartSpec, seriesByColumn: readonly (readonly ChartSeries[])[]): Axis {
  const values = seriesByColumn
    .flatMap((list) => list.flatMap((s) => s.values))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (spec.scale === 'log') {
    const positive = values.filter((v) => v > 0);
    return logAxis(positive.length > 0 ? Math.min(...positive) : 1, positive.length > 0 ? Math.max(...positive) : 10);
  }
  let max = values.length > 0 ? Math.max(...values) : 0;
  for (const list of seriesByColumn) {
    const stacks = list.filter((s) => s.style === 'stack');
    const length = Math.max(0, ...stacks.map((s) => s.values.length));
    for (let i = 0; i < length; i++)
      max = Math.max(
        max,
        stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0),
      );
  }
  return linearAxis(0, max, 4, spec.integer === true);
}

function chaosLegend(columns: readonly ReportColumn[], color: (step: string) => string, bands: readonly ChaosBand[][]): string {
  const seen = new Map<string, ChaosBand>();
  for (const list of bands) for (const b of list) if (!seen.has(b.step)) seen.set(b.step, b);
  if (seen.size === 0) return '<p class="hint">No chaos steps in this run.</p>';
  const items = [...seen.values()].map(
    (b) =>
      `<li><span class="swatch band-swatch" style="background:${esc(color(b.step))}"></span><b>${esc(b.step)}</b> ${esc(b.detail)}${
        b.endS === null ? ` at ${b.startS.toFixed(1)} s` : `, ${b.startS.toFixed(1)}–${b.endS.toFixed(1)} s`
      }${b.ok ? '' : ' <span class="bad">failed</span>'}</li>`,
  );
  const differs = columns.length > 1 ? ' (times from the first column that ran the step)' : '';
  return `<p class="hint">Chaos steps, drawn as bands on every chart${differs}:</p><ul class="legend chaos-legend">${items.join('')}</ul>`;
}

/** Every chart of report.html: one row per chart, one panel per column, shared axes and chaos bands. */
export function renderCharts(columns: readonly ReportColumn[]): string {
  const color = stepColors(columns);
  const seconds = Math.max(1, ...columns.map((c) => c.variant.timeline.seconds.length));
  const bands = columns.map((c) => chaosBands(c.variant.chaos, c.variant.timeline.seconds.length, (step) => labelSeconds(step, seconds)));
  const lanes = Math.max(0, ...bands.flatMap((list) => list.map((b) => b.lane + 1)));
  const rows = chartSpecs.map((spec) => {
    const seriesByColumn = columns.map((c) => spec.series(c.variant.timeline));
    const axis = sharedAxis(spec, seriesByColumn);
    const legend = new Map<string, ChartSeries>();
    for (const list of seriesByColumn) for (const s of list) if (!legend.has(s.key)) legend.set(s.key, s);
    const styleOrder = ['stack', 'bar', 'line', 'dashed'];
    const legendHtml = [...legend.values()]
      .sort((a, b) => styleOrder.indexOf(a.style) - styleOrder.indexOf(b.style))
      .map(
        (s) => `<li><span class="swatch${s.style === 'dashed' ? ' dashed' : ''}" style="background:${s.color}"></span>${esc(s.label)}</li>`,
      )
      .join('');
    const panels = columns.map((c, i) => {
      const series = seriesByColumn[i] ?? [];
      const svg = renderPanel({
        label: `${c.label}: ${spec.title}`,
        seconds,
        axis,
        scale: spec.scale,
        series,
        bands: bands[i] ?? [],
        bandColor: color,
        lanes,
      });
      return `<figure class="panel" data-column="${esc(c.label)}" data-series="${series.length}"><figcaption><b>${esc(c.label)}</b> <span>${esc(panelSummary(series).join(' · '))}</span></figcaption>${svg}</figure>`;
    });
    return `<section class="chart" id="chart-${spec.id}" data-chart="${spec.id}"><h3>${esc(spec.title)}</h3><p class="hint">${esc(spec.hint)}</p><ul class="legend">${legendHtml}</ul><div class="panels">${panels.join('')}</div></section>`;
  });
  return `${chaosLegend(columns, color, bands)}${rows.join('')}`;
}

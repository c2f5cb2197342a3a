import type { ChaosBand } from './chaos-bands.js';
import { type Axis, linearAxis, linearScale, logScale, type Scale, tickLabel } from './chart-scale.js';
import type { ChartSeries } from './chart-series.js';
import { escapeHtml as esc } from './escape.js';

/** Everything one SVG panel needs; panels of a chart row share `seconds`, `axis` and `lanes`. */
export interface PanelInput {
  /** Panel title for screen readers ("naive: Latency ..."). */
  readonly label: string;
  /** Length of the shared time axis, in seconds. */
  readonly seconds: number;
  readonly axis: Axis;
  readonly scale: 'linear' | 'log';
  readonly series: readonly ChartSeries[];
  readonly bands: readonly ChaosBand[];
  readonly bandColor: (step: string) => string;
  /** Label lanes reserved above the plot (the most any panel of the row needs). */
  readonly lanes: number;
}

/** Width of every panel's viewBox; CSS scales the SVG to its column. */
export const panelWidth = 600;
const LANE = 13;
const LEFT = 46;
const RIGHT = 10;
const BOTTOM = 22;
const PLOT_HEIGHT = 150;
/** Characters of a chaos label per second of axis, for lane layout (about 5.5 px a character). */
export const labelSeconds = (step: string, seconds: number) => ((step.length + 1) * 5.5 * seconds) / (panelWidth - LEFT - RIGHT);

const n = (v: number) => (Math.round(v * 10) / 10).toString();

function yScaleOf(input: PanelInput, top: number, bottom: number): Scale {
  return input.scale === 'log'
    ? logScale(input.axis.min, input.axis.max, bottom, top)
    : linearScale(input.axis.min, input.axis.max, bottom, top);
}

function linePath(values: readonly (number | null)[], x: (i: number) => number, y: Scale): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${n(x(i))} ${n(y(v))}`;
    pen = true;
  });
  return d;
}

function valueText(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '-';
  const shown = Number.isInteger(v) ? v.toLocaleString('en-US') : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
  return unit ? `${shown} ${unit}` : shown;
}

/** Renders one chart panel as inline SVG: chaos bands, grid, series and a per-second hover readout. */
export function renderPanel(input: PanelInput): string {
  const top = 6 + input.lanes * LANE;
  const height = top + PLOT_HEIGHT + BOTTOM;
  const bottom = top + PLOT_HEIGHT;
  const right = panelWidth - RIGHT;
  const seconds = Math.max(1, input.seconds);
  const x = linearScale(0, seconds, LEFT, right);
  const y = yScaleOf(input, top, bottom);
  const slot = (right - LEFT) / seconds;
  const out: string[] = [
    `<svg class="chart-svg" viewBox="0 0 ${panelWidth} ${height}" role="img" aria-label="${esc(input.label)}" xmlns="http://www.w3.org/2000/svg">`,
  ];

  out.push('<g class="bands">');
  for (const b of input.bands) {
    const x0 = x(b.startS);
    const color = esc(input.bandColor(b.step));
    const title = `<title>${esc(`${b.step}: ${b.detail}, ${b.startS.toFixed(1)} s${b.endS === null ? '' : ` to ${b.endS.toFixed(1)} s`}`)}</title>`;
    const ly = 4 + b.lane * LANE + 9;
    if (b.endS === null) {
      out.push(
        `<g class="band marker${b.ok ? '' : ' failed'}">${title}<line x1="${n(x0)}" x2="${n(x0)}" y1="${n(top)}" y2="${n(bottom)}" stroke="${color}" stroke-width="2" stroke-dasharray="4 3"/><text x="${n(x0 + 3)}" y="${n(ly)}">${esc(b.step)}</text></g>`,
      );
    } else {
      const x1 = Math.max(x(Math.min(b.endS, seconds)), x0 + 1);
      out.push(
        `<g class="band${b.ok ? '' : ' failed'}">${title}<rect x="${n(x0)}" y="${n(top)}" width="${n(x1 - x0)}" height="${PLOT_HEIGHT}" fill="${color}" fill-opacity="0.16"/><rect x="${n(x0)}" y="${n(ly - 9)}" width="${n(x1 - x0)}" height="11" fill="${color}" fill-opacity="0.55"/><text x="${n(x0 + 3)}" y="${n(ly)}">${esc(b.step)}</text></g>`,
      );
    }
  }
  out.push('</g>');

  out.push('<g class="grid">');
  for (const t of input.axis.ticks) {
    out.push(
      `<line x1="${LEFT}" x2="${n(right)}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="ytick" x="${LEFT - 4}" y="${n(y(t) + 3)}">${tickLabel(t)}</text>`,
    );
  }
  for (const t of linearAxis(0, seconds, 6).ticks.filter((t) => t <= seconds)) {
    out.push(`<text class="xtick" x="${n(x(t))}" y="${n(bottom + 14)}">${tickLabel(t)}s</text>`);
  }
  out.push(`<line class="baseline" x1="${LEFT}" x2="${n(right)}" y1="${n(bottom)}" y2="${n(bottom)}"/></g>`);

  const measured = input.series.filter((s) => s.values.some((v) => v !== null));
  if (measured.length === 0) {
    out.push(`<text class="note" x="${n((LEFT + right) / 2)}" y="${n((top + bottom) / 2)}">not measured</text>`);
  } else if (measured.every((s) => s.values.every((v) => v === null || v === 0))) {
    out.push(`<text class="note zero" x="${n((LEFT + right) / 2)}" y="${n((top + bottom) / 2)}">none in this run</text>`);
  }

  // Stacked bars first, then side-by-side bars, then lines on top.
  const stacked = input.series.filter((s) => s.style === 'stack');
  const bars = input.series.filter((s) => s.style === 'bar');
  const base = new Array<number>(seconds).fill(0);
  const barWidth = Math.max(1, slot * 0.8);
  for (const s of stacked) {
    out.push(`<g class="series" data-key="${esc(s.key)}" fill="${s.color}"><title>${esc(s.label)}</title>`);
    s.values.forEach((v, i) => {
      if (v === null || v <= 0 || i >= seconds) return;
      const y0 = y(base[i] ?? 0);
      base[i] = (base[i] ?? 0) + v;
      out.push(
        `<rect x="${n(x(i) + slot * 0.1)}" y="${n(y(base[i] ?? 0))}" width="${n(barWidth)}" height="${n(Math.max(0.5, y0 - y(base[i] ?? 0)))}"/>`,
      );
    });
    out.push('</g>');
  }
  // Side-by-side bars share a slot only with the series that have a bar somewhere: wider bars.
  const active = bars.filter((s) => s.values.some((v) => v !== null && v > 0));
  bars.forEach((s) => {
    const w = barWidth / Math.max(1, active.length);
    const k = Math.max(0, active.indexOf(s));
    out.push(`<g class="series" data-key="${esc(s.key)}" fill="${s.color}"><title>${esc(s.label)}</title>`);
    s.values.forEach((v, i) => {
      if (v === null || v <= 0 || i >= seconds) return;
      out.push(
        `<rect x="${n(x(i) + slot * 0.1 + k * w)}" y="${n(y(v))}" width="${n(Math.max(1, w))}" height="${n(Math.max(1, bottom - y(v)))}"/>`,
      );
    });
    out.push('</g>');
  });
  for (const s of input.series.filter((s) => s.style === 'line' || s.style === 'dashed')) {
    const d = linePath(s.values, (i) => x(i + 0.5), y);
    out.push(
      `<g class="series" data-key="${esc(s.key)}"><title>${esc(s.label)}</title><path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.style === 'dashed' ? 1.2 : 1.8}"${s.style === 'dashed' ? ' stroke-dasharray="4 3"' : ''} stroke-linejoin="round"/></g>`,
    );
  }

  // Invisible per-second slots: hovering one shows every series' value at that second.
  out.push('<g class="hover">');
  for (let i = 0; i < seconds; i++) {
    const text = input.series.map((s) => `${s.label} ${valueText(s.values[i], s.unit)}`).join(' · ');
    out.push(
      `<rect x="${n(x(i))}" y="${n(top)}" width="${n(slot)}" height="${PLOT_HEIGHT}"><title>${esc(`${i} s: ${text}`)}</title></rect>`,
    );
  }
  out.push('</g></svg>');
  return out.join('');
}

/** "p99 peak 3.3 s"-style caption items for one panel. */
export function panelSummary(series: readonly ChartSeries[]): string[] {
  return series.map((s) => {
    const values = s.values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (values.length === 0) return `${s.label}: not measured`;
    const figure = s.summary === 'total' ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
    return `${s.label} ${s.summary === 'total' ? 'total' : 'peak'} ${valueText(Number(figure.toPrecision(6)), s.unit)}`;
  });
}

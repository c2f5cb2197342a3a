import type { GameDayRecord, LiveFrame } from '../record/gameday-record.js';
import { type ChaosBand, layoutLanes } from './chaos-bands.js';
import { type Axis, linearAxis, logAxis } from './chart-scale.js';
import type { ChartSeries } from './chart-series.js';
import { escapeHtml as esc } from './escape.js';
import { labelSeconds, panelSummary, renderPanel } from './svg-chart.js';

interface DebriefChart {
  readonly id: string;
  readonly title: string;
  readonly log?: boolean;
  readonly series: readonly { key: keyof LiveFrame; label: string; color: string }[];
}

const debriefCharts: readonly DebriefChart[] = [
  {
    id: 'throughput',
    title: 'Throughput (requests/s)',
    series: [
      { key: 'sent', label: 'sent', color: '#222222' },
      { key: 'ok', label: 'ok', color: '#4c78a8' },
      { key: 'errors', label: 'errors', color: '#d62728' },
    ],
  },
  {
    id: 'latency',
    title: 'Latency from the intended send time (ms, log)',
    log: true,
    series: [
      { key: 'p50', label: 'p50', color: '#4c78a8' },
      { key: 'p99', label: 'p99', color: '#d62728' },
    ],
  },
  {
    id: 'waits',
    title: 'Waiting for a connection; deadlocks',
    series: [
      { key: 'clWaiting', label: 'PgBouncer cl_waiting', color: '#d62728' },
      { key: 'poolWaiting', label: 'pool waits', color: '#ff7f0e' },
      { key: 'deadlocks', label: 'deadlocks', color: '#8c1b13' },
    ],
  },
  {
    id: 'instances',
    title: 'In flight, dropped and live instances',
    series: [
      { key: 'inFlight', label: 'in flight', color: '#4c78a8' },
      { key: 'dropped', label: 'dropped', color: '#9467bd' },
      { key: 'instances', label: 'instances', color: '#2ca02c' },
    ],
  },
];

const faultPalette = ['#f2c14e', '#7fb7e6', '#9ad18b', '#d9a0d0', '#f5a46b', '#6fd0c5'];

/** Faults revealed as bands; detections and levers as marker lines, each in a lane of its own. */
export function debriefBands(record: GameDayRecord, seconds: number): ChaosBand[] {
  const raw: Omit<ChaosBand, 'lane'>[] = [
    ...record.faults.map((f) => ({
      step: f.name,
      startS: f.startS,
      endS: f.endS ?? (['kill-instance', 'sql'].some((t) => f.detail.includes(t)) ? null : seconds),
      ok: true,
      detail: `${f.category}: ${f.detail}`,
    })),
    ...record.actions.map((a) => ({
      step: a.type === 'detect' ? `${a.player}: ${a.category}` : `${a.player}: ${a.lever}`,
      startS: a.atS,
      endS: null,
      ok: a.type === 'detect' || a.ok,
      detail: a.type === 'detect' ? `incident declared${a.text ? `: ${a.text}` : ''}` : `lever: ${a.detail}`,
    })),
  ];
  const lanes = layoutLanes(
    raw.map((b) => ({ start: b.startS, end: Math.max(b.endS ?? b.startS, b.startS + labelSeconds(b.step, seconds)) })),
  );
  return raw.map((b, i) => ({ ...b, lane: lanes[i] ?? 0 }));
}

export function bandColor(record: GameDayRecord): (step: string) => string {
  const names = record.faults.map((f) => f.name);
  return (step) => {
    const i = names.indexOf(step);
    if (i >= 0) return faultPalette[i % faultPalette.length] as string;
    return record.actions.some((a) => a.type === 'detect' && `${a.player}: ${a.category}` === step) ? '#1565c0' : '#2e7d32';
  };
}

function axisOf(chart: DebriefChart, series: readonly ChartSeries[]): Axis {
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  if (chart.log) {
    const positive = values.filter((v) => v > 0);
    return logAxis(positive.length > 0 ? Math.min(...positive) : 1, positive.length > 0 ? Math.max(...positive) : 10);
  }
  return linearAxis(0, values.length > 0 ? Math.max(...values) : 0, 4);
}

/** The debrief's charts, reusing the report's SVG panels. */
export function renderDebriefCharts(record: GameDayRecord): string {
  const seconds = Math.max(1, (record.frames.at(-1)?.s ?? 0) + 1);
  const bySecond = new Map(record.frames.map((f) => [f.s, f]));
  const bands = debriefBands(record, seconds);
  const lanes = Math.max(1, ...bands.map((b) => b.lane + 1));
  const color = bandColor(record);
  return debriefCharts
    .map((chart) => {
      const series: ChartSeries[] = chart.series.map((s) => ({
        key: String(s.key),
        label: s.label,
        color: s.color,
        style: 'line',
        values: Array.from({ length: seconds }, (_, i) => {
          const v = bySecond.get(i)?.[s.key];
          return typeof v === 'number' ? v : null;
        }),
        summary: 'peak',
        unit: chart.id === 'latency' ? 'ms' : '',
      }));
      const svg = renderPanel({
        label: chart.title,
        seconds,
        axis: axisOf(chart, series),
        scale: chart.log ? 'log' : 'linear',
        series,
        bands,
        bandColor: color,
        lanes,
      });
      return `<section class="chart" data-chart="${esc(chart.id)}"><h3>${esc(chart.title)}</h3><figure class="panel">${svg}<figcaption>${esc(panelSummary(series).join(' · '))}</figcaption></figure></section>`;
    })
    .join('\n');
}

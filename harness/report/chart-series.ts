import type { Timeline } from '../record/run-record.js';

/** How one series is drawn: stacked bars, side-by-side bars, a line, or a dashed reference line. */
export type SeriesStyle = 'stack' | 'bar' | 'line' | 'dashed';

/** One series of a chart panel, picked from a variant's timeline. */
export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly style: SeriesStyle;
  /** One value per second of the timeline; null where nothing was sampled. */
  readonly values: readonly (number | null)[];
  /** How the panel caption sums it up: the total of a per-second count, or the peak of a gauge. */
  readonly summary: 'total' | 'peak';
  readonly unit: string;
}

/** A chart of the report: drawn once per column, every panel on the same axes. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** One line under the title: what to look for. */
  readonly hint: string;
  readonly scale: 'linear' | 'log';
  /** Counts: whole-number ticks only. */
  readonly integer?: boolean;
  series(timeline: Timeline): ChartSeries[];
}

const errorColors: Readonly<Record<string, string>> = {
  http_5xx: '#d62728',
  http_4xx: '#ff7f0e',
  timeout: '#9467bd',
  reset: '#8c564b',
  refused: '#e377c2',
  check: '#bcbd22',
  protocol: '#7f7f7f',
  no_target: '#17becf',
  other: '#555555',
};
// Errors that arrive as a response are inside load.completed; the others (sockets) are not.
const answeredErrors = ['http_4xx', 'http_5xx', 'check'];
const sqlstateSeries = (code: string) => `services.all.service_db_errors_total_delta{sqlstate="${code}"}`;

type Pick = Omit<ChartSeries, 'values'> & { readonly column: string; readonly factor?: number };

/** The series of `picks` the timeline holds (a column it lacks was not measured: no series). */
function pick(timeline: Timeline, picks: readonly Pick[]): ChartSeries[] {
  return picks.flatMap(({ column, factor, ...rest }) => {
    const values = timeline.series[column];
    if (!values) return [];
    return [{ ...rest, values: factor === undefined ? values : values.map((v) => (v === null ? null : v * factor)) }];
  });
}

function throughput(timeline: Timeline): ChartSeries[] {
  const completed = timeline.series['load.completed'];
  if (!completed) return [];
  const kinds = Object.keys(timeline.series)
    .filter((n) => n.startsWith('load.errors.'))
    .map((n) => n.slice('load.errors.'.length))
    .sort((a, b) => Object.keys(errorColors).indexOf(a) - Object.keys(errorColors).indexOf(b));
  const ok = completed.map((c, i) => {
    if (c === null) return null;
    const answered = answeredErrors.reduce((sum, k) => sum + (timeline.series[`load.errors.${k}`]?.[i] ?? 0), 0);
    return Math.max(0, c - answered);
  });
  return [
    { key: 'ok', label: 'ok', color: '#4c78a8', style: 'stack', values: ok, summary: 'total', unit: '' },
    ...kinds.map(
      (kind): ChartSeries => ({
        key: `errors.${kind}`,
        label: kind,
        color: errorColors[kind] ?? '#555555',
        style: 'stack',
        values: timeline.series[`load.errors.${kind}`] ?? [],
        summary: 'total',
        unit: '',
      }),
    ),
    ...pick(timeline, [{ key: 'sent', column: 'load.sent', label: 'sent', color: '#222222', style: 'dashed', summary: 'total', unit: '' }]),
  ];
}

/** Every chart of report.html, top to bottom. */
export const chartSpecs: readonly ChartSpec[] = [
  {
    id: 'throughput',
    integer: true,
    title: 'Throughput and errors (requests/s)',
    hint: 'Outcomes per second stacked by kind; the dashed line is what was sent.',
    scale: 'linear',
    series: throughput,
  },
  {
    id: 'latency',
    title: 'Latency from the intended send time (ms, log scale)',
    hint: 'Measured from when each request was due, so a stalled service cannot hide its queue.',
    scale: 'log',
    series: (t) =>
      pick(t, [
        { key: 'p50', column: 'load.p50_ms', label: 'p50', color: '#4c78a8', style: 'line', summary: 'peak', unit: 'ms' },
        { key: 'p99', column: 'load.p99_ms', label: 'p99', color: '#d62728', style: 'line', summary: 'peak', unit: 'ms' },
      ]),
  },
  {
    id: 'in-flight',
    integer: true,
    title: 'In flight and dropped',
    hint: 'Requests awaiting an answer; bars are requests dropped at the in-flight limit.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        { key: 'in_flight', column: 'load.in_flight', label: 'in flight', color: '#4c78a8', style: 'line', summary: 'peak', unit: '' },
        { key: 'dropped', column: 'load.dropped', label: 'dropped', color: '#d62728', style: 'bar', summary: 'total', unit: '' },
      ]),
  },
  {
    id: 'deadlocks',
    integer: true,
    title: 'Deadlocks and serialization failures (per second)',
    hint: 'PostgreSQL’s deadlock counter and the SQLSTATEs the services saw.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        {
          key: 'pg_deadlocks',
          column: 'pg.deadlocks_delta',
          label: 'deadlocks (pg)',
          color: '#d62728',
          style: 'bar',
          summary: 'total',
          unit: '',
        },
        { key: '40P01', column: sqlstateSeries('40P01'), label: '40P01 seen', color: '#8c1b13', style: 'bar', summary: 'total', unit: '' },
        { key: '40001', column: sqlstateSeries('40001'), label: '40001 seen', color: '#9467bd', style: 'bar', summary: 'total', unit: '' },
        { key: '53300', column: sqlstateSeries('53300'), label: '53300 seen', color: '#ff7f0e', style: 'bar', summary: 'total', unit: '' },
      ]),
  },
  {
    id: 'waits',
    integer: true,
    title: 'Clients waiting for a database connection',
    hint: 'Requests queued on the services’ pools and clients queued in PgBouncer.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        {
          key: 'pool_waiting',
          column: 'services.all.service_db_pool_waiting',
          label: 'pool waiting (services)',
          color: '#ff7f0e',
          style: 'line',
          summary: 'peak',
          unit: '',
        },
        {
          key: 'cl_waiting',
          column: 'pgbouncer.cl_waiting',
          label: 'PgBouncer cl_waiting',
          color: '#d62728',
          style: 'line',
          summary: 'peak',
          unit: '',
        },
      ]),
  },
  {
    id: 'maxwait',
    title: 'PgBouncer longest client wait (s)',
    hint: 'How long the oldest queued client had waited for a server connection.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        {
          key: 'maxwait',
          column: 'pgbouncer.maxwait_seconds',
          label: 'maxwait',
          color: '#d62728',
          style: 'line',
          summary: 'peak',
          unit: 's',
        },
      ]),
  },
  {
    id: 'redis',
    integer: true,
    title: 'Redis connected clients',
    hint: 'Connection churn or leaks show as a climbing line.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        {
          key: 'redis_clients',
          column: 'redis.connected_clients',
          label: 'connected clients',
          color: '#4c78a8',
          style: 'line',
          summary: 'peak',
          unit: '',
        },
      ]),
  },
  {
    id: 'event-loop',
    title: 'Event-loop lag p99, worst instance (ms)',
    hint: 'A blocked Node.js event loop delays every request on that instance.',
    scale: 'linear',
    series: (t) =>
      pick(t, [
        {
          key: 'event_loop_p99',
          column: 'services.max.service_event_loop_lag_p99_seconds',
          factor: 1000,
          label: 'lag p99',
          color: '#2ca02c',
          style: 'line',
          summary: 'peak',
          unit: 'ms',
        },
      ]),
  },
];

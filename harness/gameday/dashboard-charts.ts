/** One live chart: which frame fields it draws. Shared by the page (as JSON) and the debrief. */
export interface LiveChartSpec {
  readonly id: string;
  readonly title: string;
  readonly log?: boolean;
  readonly series: readonly { readonly key: string; readonly label: string; readonly color: string }[];
}

/** The player view's charts, top to bottom; `errorsByKind.<kind>` reads one error kind. */
export const liveCharts: readonly LiveChartSpec[] = [
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
    id: 'errors',
    title: 'Errors by kind (per second)',
    series: [
      { key: 'errorsByKind.http_5xx', label: '5xx', color: '#d62728' },
      { key: 'errorsByKind.http_4xx', label: '4xx', color: '#ff7f0e' },
      { key: 'errorsByKind.timeout', label: 'timeout', color: '#9467bd' },
      { key: 'errorsByKind.reset', label: 'reset', color: '#8c564b' },
      { key: 'errorsByKind.refused', label: 'refused', color: '#e377c2' },
      { key: 'errorsByKind.check', label: 'check', color: '#bcbd22' },
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
    id: 'in-flight',
    title: 'In flight and dropped',
    series: [
      { key: 'inFlight', label: 'in flight', color: '#4c78a8' },
      { key: 'dropped', label: 'dropped', color: '#d62728' },
    ],
  },
  {
    id: 'waits',
    title: 'Waiting for a connection',
    series: [
      { key: 'clWaiting', label: 'PgBouncer cl_waiting', color: '#d62728' },
      { key: 'poolWaiting', label: 'pool waits (instances)', color: '#ff7f0e' },
    ],
  },
  {
    id: 'deadlocks',
    title: 'Deadlocks (pg_stat_database, per second)',
    series: [{ key: 'deadlocks', label: 'deadlocks', color: '#8c1b13' }],
  },
  {
    id: 'redis',
    title: 'Redis clients and live instances',
    series: [
      { key: 'redisClients', label: 'Redis clients', color: '#4c78a8' },
      { key: 'instances', label: 'instances', color: '#2ca02c' },
    ],
  },
  {
    id: 'event-loop',
    title: 'Event-loop lag p99, worst instance (ms)',
    series: [{ key: 'eventLoopP99', label: 'lag p99', color: '#9467bd' }],
  },
];

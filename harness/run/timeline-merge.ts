import type { LoadResult } from '../load/load-result.js';
import type { Timeline } from '../record/run-record.js';

/**
 * Folds the load engine's per-second rows and the probes' columns into one columnar timeline,
 * aligned on the run clock (second 0 = start of the load phase).
 */
export function mergeTimeline(load: LoadResult | null, probes: Timeline | null): Timeline {
  const rows = load?.timeline ?? [];
  const lastSecond = Math.max(
    rows.length > 0 ? (rows[rows.length - 1]?.second ?? 0) : -1,
    probes?.seconds.length ? Math.max(...probes.seconds) : -1,
  );
  const seconds = Array.from({ length: lastSecond + 1 }, (_, i) => i);
  const series: Record<string, (number | null)[]> = {};
  const column = (name: string) => {
    series[name] ??= seconds.map(() => null);
    return series[name];
  };
  for (const row of rows) {
    column('load.sent')[row.second] = row.sent;
    column('load.completed')[row.second] = row.completed;
    column('load.dropped')[row.second] = row.dropped;
    column('load.in_flight')[row.second] = row.inFlight;
    column('load.p50_ms')[row.second] = row.p50;
    column('load.p99_ms')[row.second] = row.p99;
    let errors = 0;
    for (const [kind, count] of Object.entries(row.errors)) {
      column(`load.errors.${kind}`)[row.second] = count ?? 0;
      errors += count ?? 0;
    }
    column('load.errors')[row.second] = errors;
  }
  // Error columns are sparse in the rows: a second without an error of a kind had zero of it.
  for (const [name, values] of Object.entries(series)) {
    if (name.startsWith('load.errors')) for (const row of rows) values[row.second] ??= 0;
  }
  if (probes) {
    probes.seconds.forEach((second, index) => {
      for (const [name, values] of Object.entries(probes.series)) {
        if (second <= lastSecond) column(name)[second] = values[index] ?? null;
      }
    });
  }
  return { seconds, series };
}

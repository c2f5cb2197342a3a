import { StampedeError } from '../errors/stampede-error.js';
import { LineReader, lineTime, timeOf } from './k6-line-reader.js';
import { ingestedMetrics, type K6Point, PointSink } from './k6-point-sink.js';

/**
 * Reads every runner's k6 JSON output into one PointSink, in time order across the files: the
 * file whose buffered lines end earliest goes next, so the per-second window can seal a second
 * once every file has been read past it (a few seconds of slack cover k6 flushing its samples
 * slightly out of order). Lines of metrics the ingest does not use are skipped before parsing:
 * the metric name is found with one indexOf, and only the lines that matter pay for JSON.parse.
 */
export interface MergeStats {
  readonly files: readonly { file: string; lines: number; badLines: number }[];
  readonly lines: number;
  readonly parsedLines: number;
  readonly latePoints: number;
}

const slackSeconds = 3;
const metricKey = '"metric":"';

/**
 * The top-level metric name of a line without parsing it: k6 writes the key first
 * (`{"metric":"x",...}`) or last (`...,"metric":"x"}`), and in either place it cannot be a tag
 * (tags sit inside data). Anything else returns '' and is parsed in full.
 */
function metricOf(line: string): string {
  if (line.startsWith(metricKey, 1)) return line.slice(1 + metricKey.length, line.indexOf('"', 1 + metricKey.length));
  const at = line.lastIndexOf(metricKey);
  if (at !== -1 && line.endsWith('"}') && line.indexOf('"', at + metricKey.length) === line.length - 2) {
    return line.slice(at + metricKey.length, line.length - 2);
  }
  return '';
}

/** A Point's value read in place, for the metrics whose tags the ingest does not need. */
function pointValue(line: string): number {
  const at = line.indexOf('"value":');
  if (at === -1) return Number.NaN;
  let end = at + 8;
  while (end < line.length && '0123456789.-+eE'.includes(line[end] as string)) end++;
  return Number(line.slice(at + 8, end));
}

/** Metrics whose lines need only their time and value (no tags): no JSON.parse for them. */
const valueOnly = new Set(['http_req_blocked', 'vus']);

interface Parsed {
  readonly type?: unknown;
  readonly metric?: unknown;
  readonly data?: unknown;
}

function notK6(file: string, line: number, why: string): StampedeError {
  return new StampedeError('STAMPEDE_K6_BAD_OUTPUT', `${file}:${line} is not k6 JSON output (${why})`, {
    hint: 'pass the files written by `k6 run --out json=<file>` (each line {"type":"Point"|"Metric","metric":...,"data":...})',
  });
}

export async function mergeK6Outputs(files: readonly string[]): Promise<{ sink: PointSink; stats: MergeStats }> {
  if (files.length === 0)
    throw new StampedeError('STAMPEDE_USAGE', 'which k6 output files?', { hint: 'stampede k6 ingest runner-1.json runner-2.json' });
  const readers = files.map((f) => new LineReader(f));
  await Promise.all(readers.map((r) => r.fill()));
  readers.forEach((r, i) => {
    const first = r.batch[0];
    if (first === undefined) return;
    let parsed: Parsed;
    try {
      parsed = JSON.parse(first) as Parsed;
    } catch {
      throw notK6(files[i] as string, 1, 'the first line is not JSON');
    }
    if ((parsed.type !== 'Point' && parsed.type !== 'Metric') || typeof parsed.metric !== 'string') {
      throw notK6(files[i] as string, 1, 'no "type" of Point or Metric with a "metric" name');
    }
  });
  const firstTimes = readers.flatMap((r) => r.batch.slice(0, 50).map(lineTime)).filter(Number.isFinite);
  const sink = new PointSink(firstTimes.length > 0 ? Math.min(...firstTimes) : 0);
  const badLines = files.map(() => 0);
  const processed = readers.map(() => Number.NEGATIVE_INFINITY);
  let lines = 0;
  let parsedLines = 0;

  for (;;) {
    const pending = readers.map((r, i) => ({ r, i })).filter(({ r }) => r.batch.length > 0);
    if (pending.length === 0) break;
    const next = pending.reduce((a, b) => ((b.r.batchEnd || 0) < (a.r.batchEnd || 0) ? b : a));
    for (const line of next.r.take()) {
      lines++;
      const metric = metricOf(line);
      if (metric !== '' && !ingestedMetrics.has(metric)) continue;
      if (valueOnly.has(metric) && line.includes('"type":"Point"')) {
        const value = pointValue(line);
        const time = timeOf(line);
        if (Number.isFinite(value) && time !== undefined) {
          sink.add(metric, { time, value }, next.i);
          continue;
        }
      }
      let parsed: Parsed;
      try {
        parsed = JSON.parse(line) as Parsed;
      } catch {
        // A runner killed mid-write leaves a torn last line; it is counted, not fatal.
        badLines[next.i] = (badLines[next.i] ?? 0) + 1;
        continue;
      }
      parsedLines++;
      if (parsed.type === 'Point' && typeof parsed.metric === 'string' && ingestedMetrics.has(parsed.metric)) {
        sink.add(parsed.metric, parsed.data as K6Point, next.i);
      }
    }
    if (Number.isFinite(next.r.batchEnd)) processed[next.i] = next.r.batchEnd;
    if (!next.r.done) await next.r.fill();
    const behind = Math.min(
      ...readers.map((r, i) => (r.done && r.batch.length === 0 ? Number.POSITIVE_INFINITY : (processed[i] as number))),
    );
    if (Number.isFinite(behind)) sink.window.sealBelow(Math.floor((behind - sink.startMs) / 1000) - slackSeconds);
  }
  return {
    sink,
    stats: {
      files: readers.map((r, i) => ({ file: r.file, lines: r.linesRead, badLines: badLines[i] ?? 0 })),
      lines,
      parsedLines,
      latePoints: sink.window.latePoints,
    },
  };
}

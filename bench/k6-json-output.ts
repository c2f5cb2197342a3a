import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Random } from '../harness/load/prng.js';

/**
 * Writes a synthetic k6 JSON output file in k6's documented line format (one Metric line per
 * metric, then Point lines), with the metrics k6 emits for every HTTP request of an
 * arrival-rate test: http_reqs, http_req_duration and the six timing sub-metrics,
 * http_req_failed, data_sent/received, iteration_duration and iterations, plus a vus gauge
 * each second. Durations are drawn from a seeded log-normal; the exact values are kept so the
 * bench can compare the ingest's merged percentiles with the truth.
 */
export interface SyntheticRunner {
  readonly file: string;
  readonly seed: number;
  /** Requests per second of this runner. */
  readonly rate: number;
  readonly startMs: number;
  /** Stop once the file holds this many bytes. */
  readonly bytes: number;
  readonly names: readonly string[];
}

export interface SyntheticResult {
  readonly requests: number;
  readonly lines: number;
  readonly bytes: number;
  /** Every http_req_duration value written, in milliseconds. */
  readonly durations: Float64Array;
}

const perRequestMetrics = [
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
] as const;

function metricLine(name: string, type: string, contains: string): string {
  return `{"type":"Metric","data":{"name":"${name}","type":"${type}","contains":"${contains}","thresholds":[],"submetrics":null},"metric":"${name}"}\n`;
}

/** k6 writes RFC 3339 times with nanoseconds and the local offset. */
function k6Time(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(Math.floor((ms % 1) * 1e6)).padStart(6, '0')}Z`;
}

export async function writeSyntheticRunner(runner: SyntheticRunner): Promise<SyntheticResult> {
  const out = createWriteStream(runner.file, { highWaterMark: 1 << 20 });
  const random = new Random(runner.seed);
  let durations = new Float64Array(1 << 16);
  let requests = 0;
  let lines = 0;
  let bytes = 0;
  const write = async (text: string) => {
    bytes += text.length;
    lines += 1;
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const [name, type, contains] of [
    ['vus', 'gauge', 'default'],
    ['http_reqs', 'counter', 'default'],
    ['http_req_duration', 'trend', 'time'],
    ...perRequestMetrics.map((m) => [m, 'trend', 'time']),
    ['http_req_failed', 'rate', 'default'],
    ['data_sent', 'counter', 'data'],
    ['data_received', 'counter', 'data'],
    ['iteration_duration', 'trend', 'time'],
    ['iterations', 'counter', 'default'],
  ] as const) {
    await write(metricLine(name, type, contains));
  }
  let lastVuSecond = -1;
  while (bytes < runner.bytes) {
    const at = runner.startMs + (requests * 1000) / runner.rate;
    const second = Math.floor((at - runner.startMs) / 1000);
    if (second !== lastVuSecond) {
      lastVuSecond = second;
      await write(`{"metric":"vus","type":"Point","data":{"time":"${k6Time(at)}","value":${10 + random.int(20)},"tags":null}}\n`);
    }
    // Log-normal around 20 ms with a long tail (median e^3 ms), in microseconds as k6 reports them.
    const u1 = Math.max(random.float(), 1e-12);
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.float());
    const duration = Math.round(Math.exp(3 + 0.8 * normal) * 1000) / 1000;
    if (requests === durations.length) {
      const grown = new Float64Array(durations.length * 2);
      grown.set(durations);
      durations = grown;
    }
    durations[requests] = duration;
    const name = runner.names[random.int(runner.names.length)] as string;
    const failed = random.chance(0.01);
    const status = failed ? '503' : '200';
    const done = k6Time(at + duration);
    const tags = `{"expected_response":"${failed ? 'false' : 'true'}","group":"","method":"POST","name":"${name}","proto":"HTTP/1.1","scenario":"stampede","status":"${status}","url":"http://10.0.0.${1 + (requests % 4)}:3000/${name}"}`;
    await write(`{"metric":"http_reqs","type":"Point","data":{"time":"${done}","value":1,"tags":${tags}}}\n`);
    await write(`{"metric":"http_req_duration","type":"Point","data":{"time":"${done}","value":${duration},"tags":${tags}}}\n`);
    for (const m of perRequestMetrics) {
      await write(
        `{"metric":"${m}","type":"Point","data":{"time":"${done}","value":${(random.float() * 0.05).toFixed(6)},"tags":${tags}}}\n`,
      );
    }
    await write(`{"metric":"http_req_failed","type":"Point","data":{"time":"${done}","value":${failed ? 1 : 0},"tags":${tags}}}\n`);
    const itags = '{"group":"","scenario":"stampede"}';
    await write(`{"metric":"data_sent","type":"Point","data":{"time":"${done}","value":212,"tags":${itags}}}\n`);
    await write(`{"metric":"data_received","type":"Point","data":{"time":"${done}","value":389,"tags":${itags}}}\n`);
    await write(`{"metric":"iteration_duration","type":"Point","data":{"time":"${done}","value":${duration + 0.1},"tags":${itags}}}\n`);
    await write(`{"metric":"iterations","type":"Point","data":{"time":"${done}","value":1,"tags":${itags}}}\n`);
    requests++;
  }
  out.end();
  await once(out, 'finish');
  return { requests, lines, bytes, durations: durations.subarray(0, requests) };
}

/**
 * Toxiproxy benchmark (npm run bench:toxiproxy; wrap it in `flock /tmp/stampede-bench.lock`).
 *
 * 1. Throughput: small HTTP requests per second through one proxy with no toxic, next to the same
 *    load sent straight to the fixture server, in one run. Target: >= 10,000 req/s proxied.
 * 2. Latency toxic accuracy: the delay a latency toxic of 20 ms adds to a round trip (proxied RTT
 *    with the toxic minus the median RTT through the same proxy without it), p50 and p99 from an
 *    HDR histogram. Target: p50 within 3 ms of 20 ms.
 *
 * The proxy server runs in its own process (as `stampede toxiproxy serve` does) and the fixture
 * servers in another, so that the load generator (autocannon, in this
 * process) does not share an event loop with either. Exits 1 when a target is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startToxiproxyServer } from '../harness/toxiproxy/index.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const throughputTarget = 10_000;
const configuredLatencyMs = 20;
const latencyToleranceMs = 3;
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = 32;

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Child role: a fast HTTP fixture and a TCP echo, ports printed as one JSON line. */
async function fixtureRole(): Promise<void> {
  const body = 'ok';
  const http = createHttpServer({ keepAlive: true }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    response.end(body);
  });
  const echo = createServer({ noDelay: true }, (socket) => socket.pipe(socket));
  const listen = (server: import('node:net').Server) =>
    new Promise<number>((resolve) =>
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as { port: number }).port)),
    );
  const ports = { http: await listen(http), echo: await listen(echo) };
  write(JSON.stringify(ports));
  process.on('SIGTERM', () => process.exit(0));
}

/** Child role: our Toxiproxy server (what `stampede toxiproxy serve` runs), its URL printed as JSON. */
async function proxyRole(): Promise<void> {
  const server = await startToxiproxyServer({ port: 0, seed: 1 });
  write(JSON.stringify({ url: server.url }));
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

/** Spawns a child and resolves the first JSON document it prints on stdout. */
function startChild(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child ${args.join(' ')} did not start within 10 s`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        const ready = JSON.parse(out) as Record<string, unknown>;
        clearTimeout(timer);
        resolve({ child, ready });
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}`)));
  });
}

async function throughput(autocannon: Autocannon, url: string): Promise<AutocannonResult> {
  await autocannon({ url, connections, duration: 1 }); // warm-up: JIT, keep-alive sockets
  return autocannon({ url, connections, duration: seconds });
}

/** Round-trip times (ms) of 1-byte messages on `sockets` parallel connections to 127.0.0.1:port. */
async function roundTrips(port: number, sockets: number, perSocket: number): Promise<number[]> {
  const one = async (): Promise<number[]> => {
    const socket: Socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const times: number[] = [];
    for (let i = 0; i < perSocket; i++) {
      const start = performance.now();
      socket.write('x');
      await new Promise((resolve) => socket.once('data', resolve));
      times.push(performance.now() - start);
    }
    socket.destroy();
    return times;
  };
  return (await Promise.all(Array.from({ length: sockets }, one))).flat();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<number> {
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as Autocannon;
  const self = fileURLToPath(import.meta.url);
  const children: ChildProcess[] = [];
  try {
    const fixture = await startChild([self, '--fixture']);
    children.push(fixture.child);
    const proxyServer = await startChild([self, '--proxy']);
    children.push(proxyServer.child);
    const { http, echo } = fixture.ready as { http: number; echo: number };
    const client = new Toxiproxy(String(proxyServer.ready.url));
    const httpProxy = await client.createProxy({ name: 'bench_http', listen: '127.0.0.1:0', upstream: `127.0.0.1:${http}` });
    const echoProxy = await client.createProxy({ name: 'bench_echo', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo}` });
    const proxyPort = (listen: string) => Number(listen.slice(listen.lastIndexOf(':') + 1));

    write(`toxiproxy bench: ${connections} connections, ${seconds} s per run, autocannon in-process, proxy and fixture in child processes`);
    const direct = await throughput(autocannon, `http://127.0.0.1:${http}/`);
    const proxied = await throughput(autocannon, `http://127.0.0.1:${proxyPort(httpProxy.listen)}/`);
    const ratio = proxied.requests.average / direct.requests.average;
    const throughputPass = proxied.requests.average >= throughputTarget && proxied.errors === 0 && proxied.non2xx === 0;
    write('');
    write('throughput (small HTTP requests, no toxic)');
    write(
      `  direct to fixture : ${direct.requests.average.toFixed(0).padStart(7)} req/s  (p50 ${direct.latency.p50} ms, p99 ${direct.latency.p99} ms)`,
    );
    write(
      `  through the proxy : ${proxied.requests.average.toFixed(0).padStart(7)} req/s  (p50 ${proxied.latency.p50} ms, p99 ${proxied.latency.p99} ms, errors ${proxied.errors})`,
    );
    write(`  proxied/direct    : ${ratio.toFixed(2)}x`);
    write(`  ${throughputPass ? 'PASS' : 'FAIL'}: >= ${throughputTarget} req/s through one proxy`);

    const echoPort = proxyPort(echoProxy.listen);
    await roundTrips(echoPort, 4, 20); // warm-up
    const baseline = median(await roundTrips(echoPort, 8, 60));
    await echoProxy.addToxic({
      name: 'lag',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: configuredLatencyMs, jitter: 0 },
    });
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: 3 });
    for (const rtt of await roundTrips(echoPort, 8, 60)) histogram.recordValue(Math.max(1, Math.round((rtt - baseline) * 1000)));
    const p50 = histogram.getValueAtPercentile(50) / 1000;
    const p99 = histogram.getValueAtPercentile(99) / 1000;
    const latencyPass = Math.abs(p50 - configuredLatencyMs) <= latencyToleranceMs;
    write('');
    write(
      `latency toxic accuracy (configured ${configuredLatencyMs} ms, ${histogram.totalCount} round trips, baseline RTT ${baseline.toFixed(3)} ms)`,
    );
    write(`  added delay p50   : ${p50.toFixed(2)} ms`);
    write(`  added delay p99   : ${p99.toFixed(2)} ms`);
    write(`  ${latencyPass ? 'PASS' : 'FAIL'}: p50 within ${latencyToleranceMs} ms of ${configuredLatencyMs} ms`);
    return throughputPass && latencyPass ? 0 : 1;
  } finally {
    for (const child of children) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  }
}

if (process.argv[2] === '--fixture') {
  await fixtureRole();
} else if (process.argv[2] === '--proxy') {
  await proxyRole();
} else {
  const code = await main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  });
  // Keep-alive sockets of the API client would hold the process open for a while.
  process.exit(code);
}

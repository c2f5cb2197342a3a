import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface JitterRelayOptions {
  /** Where requests go (the map API's base URL). */
  readonly target: string;
  /** Each request waits a uniform draw in [minDelayMs, maxDelayMs) before it is forwarded. */
  readonly maxDelayMs: number;
  readonly minDelayMs?: number;
  /** Seed of the delays, so a failing run can be replayed. */
  readonly seed?: number;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP relay that holds each request for a random moment before forwarding it: what
 * Toxiproxy's latency toxic with jitter does in a real run. Upstream answers then finish in a
 * different order for every caller, which is the condition the naive bulk path deadlocks on.
 * Listens on 127.0.0.1:0 and closes when the test ends.
 */
export interface JitterRelay {
  readonly url: string;
  /** The most requests the relay held at once: how wide the caller fanned out. */
  maxInFlight(): number;
}

export async function startJitterRelay(options: JitterRelayOptions): Promise<JitterRelay> {
  const random = mulberry32(options.seed ?? 1);
  let inFlight = 0;
  let maxInFlight = 0;
  const waits = new Set<NodeJS.Timeout>();
  const server = createServer(async (request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once('close', () => inFlight--);
    try {
      const body = await bodyOf(request);
      const min = options.minDelayMs ?? 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          () => {
            waits.delete(timer);
            resolve();
          },
          min + Math.floor(random() * (options.maxDelayMs - min)),
        );
        waits.add(timer);
      });
      const answer = await fetch(`${options.target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 ? { body } : {}),
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(payload);
    } catch {
      response.writeHead(502).end();
    }
  });
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const timer of waits) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxInFlight: () => maxInFlight };
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * What Toxiproxy's latency toxic does to the payment gateway in a real run: the request reaches
 * the gateway at once (the charge is made), the answer is held back `delayMs`. Forwards every
 * header (the idempotency key must arrive). Listens on 127.0.0.1:0, closed when the test ends.
 */
export async function startSlowRelay(target: string, delayMs: number): Promise<string> {
  const waits = new Set<NodeJS.Timeout>();
  const server = createServer(async (request, response) => {
    try {
      const body = await bodyOf(request);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length' && name !== 'connection') headers[name] = value;
      }
      const answer = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waits.delete(timer);
          resolve();
        }, delayMs);
        waits.add(timer);
      });
      const replayed = answer.headers.get('idempotent-replayed');
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
        ...(replayed ? { 'idempotent-replayed': replayed } : {}),
      });
      response.end(payload);
    } catch {
      if (!response.headersSent) response.writeHead(502);
      response.end();
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
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

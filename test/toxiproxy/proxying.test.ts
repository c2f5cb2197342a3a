import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBulkServer, startEchoServer, startHangingServer, startHttpFixture } from '../helpers/fixture-servers.js';
import { eventually, ours, TcpProbe, useServer } from './support.js';

describe('toxiproxy TCP proxying', () => {
  it('streams both directions and carries HTTP', async () => {
    const server = await useServer();
    const http = await startHttpFixture({ body: 'hello through the proxy' });
    onTestFinished(() => http.close());
    const { port } = await server.proxy(http.port);
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    expect(await response.text()).toBe('hello through the proxy');
  });

  it('moves 32 MiB downstream intact with a reader slower than the writer (backpressure)', async () => {
    const server = await useServer();
    const size = 32 * 1024 * 1024;
    const bulk = await startBulkServer(size);
    onTestFinished(() => bulk.close());
    const { port } = await server.proxy(bulk.port);
    const probe = await TcpProbe.open(port);
    probe.socket.pause();
    await new Promise((r) => setTimeout(r, 100));
    probe.socket.resume();
    await probe.closedWithin(10_000);
    const received = probe.received;
    expect(received.length).toBe(size);
    const expected = createHash('sha1');
    const block = Buffer.alloc(64 * 1024, 'abcdefghijklmnopqrstuvwxyz');
    for (let left = size; left > 0; left -= block.length) expected.update(block.subarray(0, Math.min(block.length, left)));
    expect(createHash('sha1').update(received).digest('hex')).toBe(expected.digest('hex'));
  });

  it('enabled:false closes the listener and every open connection; enabling again serves again', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('x');
    await server.api('PATCH', `/proxies/${name}`, { enabled: false });
    await probe.closedWithin(2000);
    await expect(TcpProbe.open(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const enabled = await server.api('PATCH', `/proxies/${name}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true });
    const again = await TcpProbe.open(port);
    await again.roundTrip('back');
  });

  it('a new upstream restarts the proxy and drops its connections', async () => {
    const server = await useServer();
    const first = await startEchoServer();
    onTestFinished(() => first.close());
    const second = await startEchoServer();
    onTestFinished(() => second.close());
    const { name, port, listen } = await server.proxy(first.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('x');
    const answer = await server.api('PATCH', `/proxies/${name}`, { upstream: `127.0.0.1:${second.port}` });
    expect(answer.body).toMatchObject({ listen, enabled: true, upstream: `127.0.0.1:${second.port}` });
    await probe.closedWithin(2000);
    const next = await TcpProbe.open(port);
    await next.roundTrip('y');
    await eventually(() => second.accepted === 1, 2000, 'the new upstream to get the connection');
  });

  it('a new listen address moves the proxy and drops its connections', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('x');
    const answer = await server.api('PATCH', `/proxies/${name}`, { listen: '127.0.0.1:0' });
    const moved = answer.body as { listen: string };
    expect(moved.listen).not.toBe(`127.0.0.1:${port}`);
    await probe.closedWithin(2000);
    const next = await TcpProbe.open(Number(moved.listen.split(':')[1]));
    await next.roundTrip('y');
  });

  it('deleting a proxy closes its connections', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('x');
    await server.api('DELETE', `/proxies/${name}`);
    await probe.closedWithin(2000);
  });

  it('closes the client when the upstream refuses, and keeps serving', async () => {
    const server = await useServer();
    const gone = await startEchoServer();
    const deadPort = gone.port;
    await gone.close();
    const { port } = await server.proxy(deadPort);
    const probe = await TcpProbe.open(port);
    await probe.closedWithin(2000);
  });

  it('closes the upstream when the client closes', async () => {
    const server = await useServer();
    const hanging = await startHangingServer();
    onTestFinished(() => hanging.close());
    const { port } = await server.proxy(hanging.port);
    const probe = await TcpProbe.open(port);
    probe.write('bye');
    await eventually(() => hanging.received === 3, 2000, 'the upstream to get the bytes');
    probe.socket.end();
    await eventually(() => hanging.open === 0, 2000, 'the upstream connection to close');
  });

  it.runIf(ours)('serves /metrics only when switched on: bytes per proxy and direction', async () => {
    const plain = await useServer();
    expect((await plain.api('GET', '/metrics')).status).toBe(404);
    const server = await useServer({ metrics: true });
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('12345');
    await eventually(
      async () => {
        const answer = await server.api('GET', '/metrics');
        return (
          answer.status === 200 &&
          answer.text.includes(`toxiproxy_proxy_received_bytes_total{direction="upstream",listener="127.0.0.1:${port}",proxy="${name}"`) &&
          /toxiproxy_proxy_sent_bytes_total\{direction="downstream",[^}]*\} 5/.test(answer.text)
        );
      },
      2000,
      'the byte counters',
    );
    const answer = await server.api('GET', '/metrics');
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toContain('# TYPE toxiproxy_proxy_sent_bytes_total counter');
  });
});

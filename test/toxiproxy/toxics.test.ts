import { describe, expect, it, onTestFinished } from 'vitest';
import { startClosingServer, startDripServer, startEchoServer, startHangingServer } from '../helpers/fixture-servers.js';
import { eventually, staysQuiet, TcpProbe, type TestServer, useServer } from './support.js';

async function echoProxy(server: TestServer): Promise<{ name: string; port: number }> {
  const echo = await startEchoServer();
  onTestFinished(() => echo.close());
  return server.proxy(echo.port);
}

async function addToxic(server: TestServer, proxy: string, body: Record<string, unknown>): Promise<void> {
  const answer = await server.api('POST', `/proxies/${proxy}/toxics`, body);
  expect(answer.status, answer.text).toBe(200);
}

describe('toxics over real TCP', () => {
  it('latency delays each chunk by latency ms (50 ms +- tolerance)', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'latency', attributes: { latency: 50 } });
    const probe = await TcpProbe.open(port);
    const first = await probe.roundTrip('a');
    const second = await probe.roundTrip('b');
    for (const rtt of [first, second]) {
      expect(rtt).toBeGreaterThanOrEqual(48);
      expect(rtt).toBeLessThan(250);
    }
  });

  it('latency on upstream and downstream adds up, jitter stays within latency +- jitter', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'latency', stream: 'upstream', attributes: { latency: 30, jitter: 10 } });
    await addToxic(server, name, { type: 'latency', attributes: { latency: 20 } });
    const probe = await TcpProbe.open(port);
    for (const message of ['a', 'b', 'c']) {
      const rtt = await probe.roundTrip(message);
      expect(rtt).toBeGreaterThanOrEqual(38);
      expect(rtt).toBeLessThan(300);
    }
  });

  it('bandwidth limits throughput to rate KB/s', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'bandwidth', attributes: { rate: 100 } });
    const probe = await TcpProbe.open(port);
    const elapsed = await probe.roundTrip('x'.repeat(20_000), 3000);
    // 20 kB at 100 kB/s = 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(1000);
  });

  it('slow_close holds the close for delay ms after the stream ends', async () => {
    const server = await useServer();
    const closing = await startClosingServer('bye');
    onTestFinished(() => closing.close());
    const { name, port } = await server.proxy(closing.port);
    await addToxic(server, name, { type: 'slow_close', attributes: { delay: 150 } });
    const start = performance.now();
    const probe = await TcpProbe.open(port);
    await probe.read(3);
    await probe.closedWithin(2000);
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
    expect(probe.received.toString()).toBe('bye');
  });

  it('timeout drops the data and closes after timeout ms', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'timeout', attributes: { timeout: 100 } });
    const start = performance.now();
    const probe = await TcpProbe.open(port);
    probe.write('lost');
    await probe.closedWithin(2000);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1000);
    expect(probe.received.length).toBe(0);
  });

  it('timeout 0 holds forever, and closes at once when the other side closes', async () => {
    const server = await useServer();
    const hanging = await startHangingServer();
    onTestFinished(() => hanging.close());
    const { name, port } = await server.proxy(hanging.port);
    await addToxic(server, name, { type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    const probe = await TcpProbe.open(port);
    probe.write('dropped');
    expect(await staysQuiet(probe, 150)).toBe(true);
    expect(hanging.received).toBe(0);
    await hanging.close();
    await probe.closedWithin(1000);
  });

  it('reset_peer resets the connection (ECONNRESET) timeout ms after the first data', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'reset_peer', attributes: { timeout: 50 } });
    const probe = await TcpProbe.open(port);
    const start = performance.now();
    probe.write('trigger');
    await probe.until(() => probe.error !== undefined || probe.closed, 2000, 'the reset');
    expect(probe.error?.code).toBe('ECONNRESET');
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
  });

  it('reset_peer on upstream resets the client as well', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } });
    const probe = await TcpProbe.open(port);
    probe.write('trigger');
    await probe.until(() => probe.error !== undefined || probe.closed, 2000, 'the reset');
    expect(probe.error?.code).toBe('ECONNRESET');
  });

  it('slicer splits data into small pieces with a delay between them', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'slicer', attributes: { average_size: 10, size_variation: 2, delay: 5000 } });
    const probe = await TcpProbe.open(port);
    const message = 'abcdefghij'.repeat(10);
    const elapsed = await probe.roundTrip(message, 3000);
    expect(probe.received.toString()).toBe(message);
    expect(probe.chunks.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...probe.chunks.map((c) => c.data.length))).toBeLessThanOrEqual(24);
    // About 10 pieces 5 ms apart.
    expect(elapsed).toBeGreaterThanOrEqual(30);
  });

  it('limit_data passes that many bytes per connection, then closes', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'limit_data', attributes: { bytes: 10 } });
    const probe = await TcpProbe.open(port);
    probe.write('0123456');
    await probe.read(7);
    probe.write('789abcdef');
    await probe.closedWithin(2000);
    expect(probe.received.toString()).toBe('0123456789');
    // Another connection gets its own allowance.
    const other = await TcpProbe.open(port);
    await other.roundTrip('fresh');
  });

  it('toxicity 0 leaves connections untouched', async () => {
    const server = await useServer();
    const { name, port } = await echoProxy(server);
    await addToxic(server, name, { type: 'timeout', toxicity: 0, attributes: { timeout: 0 } });
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('clean');
  });

  it('a slow-drip upstream comes through a latency toxic in order', async () => {
    const server = await useServer();
    const drip = await startDripServer({ chunk: 'd', intervalMs: 5, count: 20 });
    onTestFinished(() => drip.close());
    const { name, port } = await server.proxy(drip.port);
    await addToxic(server, name, { type: 'latency', attributes: { latency: 20, jitter: 15 } });
    const probe = await TcpProbe.open(port);
    await probe.closedWithin(3000);
    expect(probe.received.toString()).toBe('d'.repeat(20));
    await eventually(() => drip.open === 0, 2000, 'the drip server to see the close');
  });
});

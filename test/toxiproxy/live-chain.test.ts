import { describe, expect, it, onTestFinished } from 'vitest';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { TcpProbe, type TestServer, useServer } from './support.js';

async function openEcho(server: TestServer): Promise<{ name: string; probe: TcpProbe }> {
  const echo = await startEchoServer();
  onTestFinished(() => echo.close());
  const { name, port } = await server.proxy(echo.port);
  const probe = await TcpProbe.open(port);
  expect(await probe.roundTrip('warm')).toBeLessThan(200);
  return { name, probe };
}

describe('toxics on connections that are already open', () => {
  it('adding, updating and removing a latency toxic re-wires a live connection', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { name: 'lag', type: 'latency', attributes: { latency: 80 } });
    expect(await probe.roundTrip('a')).toBeGreaterThanOrEqual(75);
    await server.api('PATCH', `/proxies/${name}/toxics/lag`, { attributes: { latency: 150 } });
    expect(await probe.roundTrip('b')).toBeGreaterThanOrEqual(145);
    await server.api('DELETE', `/proxies/${name}/toxics/lag`);
    expect(await probe.roundTrip('c')).toBeLessThan(100);
  });

  it('a chunk waiting in a latency toxic is sent at once when the chain changes', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { name: 'long', type: 'latency', attributes: { latency: 10_000 } });
    const start = performance.now();
    probe.write('held');
    await new Promise((r) => setTimeout(r, 50));
    await server.api('DELETE', `/proxies/${name}/toxics/long`);
    await probe.read(4 + 4, 2000);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('an update flushes held data too, and the new latency applies to what follows', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { name: 'long', type: 'latency', attributes: { latency: 10_000 } });
    probe.write('held');
    await new Promise((r) => setTimeout(r, 50));
    await server.api('PATCH', `/proxies/${name}/toxics/long`, { attributes: { latency: 40 } });
    await probe.read(8, 2000);
    expect(await probe.roundTrip('next')).toBeGreaterThanOrEqual(35);
  });

  it('a timeout toxic added to a live connection closes it after its timeout', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'timeout', attributes: { timeout: 80 } });
    await probe.closedWithin(2000);
  });

  it('removing a timeout toxic closes the connections it held (they lost data)', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'timeout', attributes: { timeout: 0 } });
    probe.write('dropped');
    await new Promise((r) => setTimeout(r, 50));
    expect(probe.closed).toBe(false);
    await server.api('DELETE', `/proxies/${name}/toxics/timeout_downstream`);
    await probe.closedWithin(2000);
    expect(probe.received.toString()).toBe('warm');
  });

  it('reset removes every toxic from live connections', async () => {
    const server = await useServer();
    const { name, probe } = await openEcho(server);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', attributes: { latency: 100 } });
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
    expect(await probe.roundTrip('slow')).toBeGreaterThanOrEqual(195);
    await server.api('POST', '/reset');
    expect(await probe.roundTrip('fast')).toBeLessThan(150);
  });
});

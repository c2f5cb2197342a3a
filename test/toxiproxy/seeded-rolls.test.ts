import { describe, expect, it, onTestFinished } from 'vitest';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { ours, TcpProbe, type TestServer, useServer } from './support.js';

/**
 * Which of `count` sequential connections a limit_data(0) toxic of toxicity 0.5 hit: a toxic
 * connection is closed on its first echoed byte, a clean one echoes it. Both outcomes are events,
 * so no test waits on a timeout.
 */
async function rollPattern(server: TestServer, count: number): Promise<string> {
  const echo = await startEchoServer();
  onTestFinished(() => echo.close());
  const { name, port } = await server.proxy(echo.port, 'rolls');
  await server.api('POST', `/proxies/${name}/toxics`, { type: 'limit_data', toxicity: 0.5, attributes: { bytes: 0 } });
  let pattern = '';
  for (let i = 0; i < count; i++) {
    const probe = await TcpProbe.open(port);
    probe.write('x');
    await probe.until(() => probe.received.length > 0 || probe.closed || probe.ended, 2000, 'echo or close');
    pattern += probe.received.length > 0 ? '.' : 'T';
    probe.socket.destroy();
  }
  return pattern;
}

/** Per live connection: does a latency(200 ms) toxic of toxicity 0.5 apply to it? */
async function latencyPattern(probes: TcpProbe[]): Promise<string> {
  const times = await Promise.all(probes.map((p, i) => p.roundTrip(`m${i}`, 2000)));
  return times.map((t) => (t >= 150 ? 'T' : '.')).join('');
}

describe.runIf(ours)('seeded toxicity rolls', () => {
  it('the same seed hits the same connections; another seed differs', async () => {
    const a = await rollPattern(await useServer({ seed: 42 }), 16);
    const b = await rollPattern(await useServer({ seed: 42 }), 16);
    const c = await rollPattern(await useServer({ seed: 7 }), 16);
    expect(a).toBe(b);
    expect(a).toMatch(/T/);
    expect(a).toMatch(/\./);
    expect(c).not.toBe(a);
  });

  it('rolls again on every chain change, reproducibly', async () => {
    const run = async (seed: number) => {
      const server = await useServer({ seed });
      const echo = await startEchoServer();
      onTestFinished(() => echo.close());
      const { name, port } = await server.proxy(echo.port, 'rerolls');
      const probes: TcpProbe[] = [];
      for (let i = 0; i < 10; i++) probes.push(await TcpProbe.open(port));
      await server.api('POST', `/proxies/${name}/toxics`, { name: 'lag', type: 'latency', toxicity: 0.5, attributes: { latency: 200 } });
      const first = await latencyPattern(probes);
      await server.api('PATCH', `/proxies/${name}/toxics/lag`, { toxicity: 0.5 });
      const second = await latencyPattern(probes);
      return [first, second];
    };
    const [first, second] = await run(99);
    expect(await run(99)).toEqual([first, second]);
    expect(first).not.toBe(second);
  });
});

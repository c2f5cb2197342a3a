import { describe, expect, it, onTestFinished } from 'vitest';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { TcpProbe, useServer } from './support.js';

interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: unknown[];
}

describe('toxiproxy /populate', () => {
  it('creates proxies (201 {"proxies":[...]}), enabled by default, through the npm client too', async () => {
    const server = await useServer();
    const [a, b] = [server.name('a'), server.name('b')];
    const answer = await server.api('POST', '/populate', [
      { name: a, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' },
      { name: b, listen: '127.0.0.1:0', upstream: '127.0.0.1:9', enabled: false },
    ]);
    expect(answer.status).toBe(201);
    const proxies = (answer.body as { proxies: ProxyJson[] }).proxies;
    expect(proxies.map((p) => [p.name, p.enabled])).toEqual([
      [a, true],
      [b, false],
    ]);
    const c = server.name('c');
    const viaClient = await server.client.populate([{ name: c, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }]);
    expect(viaClient[c]?.enabled).toBe(true);
  });

  it('leaves an identical proxy alone (toxics and connections kept) and replaces a differing one', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const [same, changed] = [server.name('same'), server.name('changed')];
    const first = await server.api('POST', '/populate', [
      { name: same, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` },
      { name: changed, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` },
    ]);
    const [sameProxy, changedProxy] = (first.body as { proxies: ProxyJson[] }).proxies as [ProxyJson, ProxyJson];
    await server.api('POST', `/proxies/${same}/toxics`, { type: 'latency', attributes: { latency: 1 } });
    await server.api('POST', `/proxies/${changed}/toxics`, { type: 'latency', attributes: { latency: 1 } });
    const keep = await TcpProbe.open(Number(sameProxy.listen.split(':')[1]));
    await keep.roundTrip('x');
    const drop = await TcpProbe.open(Number(changedProxy.listen.split(':')[1]));
    await drop.roundTrip('x');

    const second = await server.api('POST', '/populate', [
      { name: same, listen: sameProxy.listen, upstream: `127.0.0.1:${echo.port}` },
      { name: changed, listen: changedProxy.listen, upstream: `localhost:${echo.port}` },
    ]);
    expect(second.status).toBe(201);
    const [sameAfter, changedAfter] = (second.body as { proxies: ProxyJson[] }).proxies as [ProxyJson, ProxyJson];
    expect(sameAfter.toxics).toHaveLength(1);
    expect(changedAfter.toxics).toHaveLength(0);
    expect(changedAfter.upstream).toBe(`localhost:${echo.port}`);
    await drop.closedWithin(2000);
    await keep.roundTrip('y', 2000);
    expect(keep.closed).toBe(false);
  });

  it('checks missing fields in every entry before creating any (400, "proxies":null)', async () => {
    const server = await useServer();
    const first = server.name('first');
    const answer = await server.api('POST', '/populate', [
      { name: first, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' },
      { name: server.name('second'), listen: '127.0.0.1:0' },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: expect.stringMatching(/^missing required field: upstream/), status: 400, proxies: null });
    expect((await server.api('GET', `/proxies/${first}`)).status).toBe(404);
  });

  it('is not atomic: a bind failure part-way answers 500 and earlier entries stay', async () => {
    const server = await useServer();
    const taken = await startEchoServer();
    onTestFinished(() => taken.close());
    const [first, second, third] = [server.name('first'), server.name('second'), server.name('third')];
    const answer = await server.api('POST', '/populate', [
      { name: first, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' },
      { name: second, listen: `127.0.0.1:${taken.port}`, upstream: '127.0.0.1:9' },
      { name: third, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' },
    ]);
    expect(answer.status).toBe(500);
    const body = answer.body as { error: string; status: number; proxies: ProxyJson[] };
    expect(body.error).toBe(`listen tcp 127.0.0.1:${taken.port}: bind: address already in use`);
    expect(body.proxies.map((p) => p.name)).toEqual([first]);
    expect((await server.api('GET', `/proxies/${first}`)).status).toBe(200);
    expect((await server.api('GET', `/proxies/${third}`)).status).toBe(404);
  });

  it('answers a body that is not an array with 400 bad request body', async () => {
    const server = await useServer();
    const answer = await server.api('POST', '/populate', { name: 'x' });
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toMatch(/^bad request body: /);
  });
});

describe('toxiproxy /reset', () => {
  it('re-enables every proxy and removes every toxic, keeping the proxies (204)', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', attributes: { latency: 1000 } });
    await server.api('PATCH', `/proxies/${name}`, { enabled: false });
    const answer = await server.api('POST', '/reset');
    expect(answer.status).toBe(204);
    const proxy = (await server.api('GET', `/proxies/${name}`)).body as ProxyJson;
    expect(proxy.enabled).toBe(true);
    expect(proxy.toxics).toEqual([]);
    const probe = await TcpProbe.open(port);
    expect(await probe.roundTrip('fast')).toBeLessThan(500);
    await server.client.reset();
  });
});

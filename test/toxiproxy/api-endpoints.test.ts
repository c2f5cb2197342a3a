import { describe, expect, it, onTestFinished } from 'vitest';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { TcpProbe, useServer } from './support.js';

describe('toxiproxy API endpoints', () => {
  it('GET /version answers the version as JSON, with a request id', async () => {
    const server = await useServer();
    const answer = await server.api('GET', '/version');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: expect.stringMatching(/^2\.\d+\.\d+/) });
    expect(answer.headers.get('x-toxiproxy-request-id')).toMatch(/^[0-9a-v]{20}$/);
    expect(await server.client.getVersion()).toContain('"version"');
  });

  it('creates, lists, shows and deletes a proxy through the npm client', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const name = server.name();
    const proxy = await server.client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    expect(proxy.enabled).toBe(true);
    expect(proxy.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect((await server.client.getAll())[name]?.upstream).toBe(`127.0.0.1:${echo.port}`);
    expect((await server.client.get(name)).listen).toBe(proxy.listen);
    await proxy.remove();
    const answer = await server.api('GET', `/proxies/${name}`);
    expect(answer.status).toBe(404);
  });

  it('answers the contract shapes and status codes over raw HTTP', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const name = server.name();
    const created = await server.api('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, upstream: `127.0.0.1:${echo.port}`, enabled: true, toxics: [] });

    const index = await server.api('GET', '/proxies');
    expect(index.status).toBe(200);
    expect((index.body as Record<string, unknown>)[name]).toMatchObject({ name, enabled: true });

    const toxic = await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', attributes: { latency: 10 } });
    expect(toxic.status).toBe(200);
    expect(toxic.body).toEqual({
      attributes: { latency: 10, jitter: 0 },
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
    });

    const list = await server.api('GET', `/proxies/${name}/toxics`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([toxic.body]);
    expect(((await server.api('GET', `/proxies/${name}`)).body as { toxics: unknown[] }).toxics).toEqual([toxic.body]);

    const shown = await server.api('GET', `/proxies/${name}/toxics/latency_downstream`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(toxic.body);

    const patched = await server.api('PATCH', `/proxies/${name}/toxics/latency_downstream`, { attributes: { jitter: 3 }, toxicity: 0.5 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ attributes: { latency: 10, jitter: 3 }, toxicity: 0.5 });

    const deleted = await server.api('DELETE', `/proxies/${name}/toxics/latency_downstream`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const gone = await server.api('DELETE', `/proxies/${name}`);
    expect(gone.status).toBe(204);
  });

  it('lists upstream toxics before downstream ones and names them <type>_<stream> by default', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency' });
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'bandwidth', stream: 'upstream', toxicity: 0.25 });
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'slow_close', name: 'mine' });
    const list = (await server.api('GET', `/proxies/${name}/toxics`)).body as { name: string; toxicity: number }[];
    expect(list.map((t) => t.name)).toEqual(['bandwidth_upstream', 'latency_downstream', 'mine']);
    expect(list[0]?.toxicity).toBe(0.25);
  });

  it('defaults every absent attribute to 0, as the real server does', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    const defaults: Record<string, Record<string, number>> = {
      latency: { latency: 0, jitter: 0 },
      bandwidth: { rate: 0 },
      slow_close: { delay: 0 },
      timeout: { timeout: 0 },
      reset_peer: { timeout: 0 },
      slicer: { average_size: 0, size_variation: 0, delay: 0 },
      limit_data: { bytes: 0 },
    };
    for (const [type, attributes] of Object.entries(defaults)) {
      const answer = await server.api('POST', `/proxies/${name}/toxics`, { type, name: `t-${type}` });
      expect(answer.status, type).toBe(200);
      expect((answer.body as { attributes: unknown }).attributes, type).toEqual(attributes);
    }
  });

  it('updates a proxy with PATCH and with the deprecated POST (the npm client sends POST)', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, listen } = await server.proxy(echo.port);
    const patched = await server.api('PATCH', `/proxies/${name}`, { enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name, listen, enabled: false });
    const proxy = await server.client.get(name);
    const updated = await proxy.update({ ...proxy.toJson(), enabled: true });
    expect(updated.enabled).toBe(true);
    expect(updated.listen).toBe(listen);
  });

  it('adds, reads, updates and removes toxics through the npm client', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    const proxy = await server.client.get(name);
    const toxic = await proxy.addToxic({
      name: 'lat',
      type: 'latency',
      stream: 'upstream',
      toxicity: 1,
      attributes: { latency: 5, jitter: 1 },
    });
    expect(toxic.stream).toBe('upstream');
    const fetched = await proxy.getToxic('lat');
    expect(fetched.attributes).toEqual({ latency: 5, jitter: 1 });
    const updated = await fetched.update({ ...fetched.toJson(), attributes: { latency: 7, jitter: 1 } });
    expect(updated.attributes).toEqual({ latency: 7, jitter: 1 });
    await updated.remove();
    expect((await server.api('GET', `/proxies/${name}/toxics/lat`)).status).toBe(404);
  });

  it('ignores name, type and stream in a toxic update', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    await server.api('POST', `/proxies/${name}/toxics`, { name: 't', type: 'latency', attributes: { latency: 1 } });
    const answer = await server.api('POST', `/proxies/${name}/toxics/t`, { name: 'other', type: 'timeout', stream: 'upstream' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 't', type: 'latency', stream: 'downstream', attributes: { latency: 1 } });
  });

  it('answers listen port 0 with the port actually bound, which accepts connections', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { port } = await server.proxy(echo.port);
    expect(port).toBeGreaterThan(0);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('hello');
    expect(probe.received.toString()).toBe('hello');
  });

  it('puts X-Toxiproxy-Request-Id on success and error answers alike', async () => {
    const server = await useServer();
    for (const answer of [await server.api('GET', '/proxies'), await server.api('GET', '/proxies/none-such')]) {
      expect(answer.headers.get('x-toxiproxy-request-id')).toBeTruthy();
    }
  });

  it('refuses browsers (User-Agent: Mozilla/...) with 403', async () => {
    const server = await useServer();
    const answer = await server.api('GET', '/proxies', undefined, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' });
    expect(answer.status).toBe(403);
    expect(answer.text.trim()).toBe('User agent not allowed');
  });
});

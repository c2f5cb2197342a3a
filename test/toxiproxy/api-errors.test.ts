import { describe, expect, it, onTestFinished } from 'vitest';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { ours, TcpProbe, useServer } from './support.js';

/** Error answers: `{"error":"<message>","status":<code>}` with the contract's words. */
function expectError(answer: { status: number; body: unknown }, status: number, message: string | RegExp): void {
  expect(answer.status).toBe(status);
  const body = answer.body as { error: string; status: number };
  expect(body.status).toBe(status);
  if (typeof message === 'string') expect(body.error).toBe(message);
  else expect(body.error).toMatch(message);
}

describe('toxiproxy API errors', () => {
  it('proxy not found (404) on every per-proxy endpoint', async () => {
    const server = await useServer();
    for (const [method, path] of [
      ['GET', '/proxies/missing'],
      ['PATCH', '/proxies/missing'],
      ['POST', '/proxies/missing'],
      ['DELETE', '/proxies/missing'],
      ['GET', '/proxies/missing/toxics'],
      ['POST', '/proxies/missing/toxics'],
      ['GET', '/proxies/missing/toxics/t'],
      ['PATCH', '/proxies/missing/toxics/t'],
      ['DELETE', '/proxies/missing/toxics/t'],
    ] as const) {
      expectError(
        await server.api(method, path, method === 'GET' || method === 'DELETE' ? undefined : { type: 'latency' }),
        404,
        'proxy not found',
      );
    }
  });

  it('proxy already exists (409)', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    expectError(
      await server.api('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }),
      409,
      'proxy already exists',
    );
  });

  it('toxic not found (404) and toxic already exists (409)', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    expectError(await server.api('GET', `/proxies/${name}/toxics/nope`), 404, 'toxic not found');
    expectError(await server.api('PATCH', `/proxies/${name}/toxics/nope`, {}), 404, 'toxic not found');
    expectError(await server.api('DELETE', `/proxies/${name}/toxics/nope`), 404, 'toxic not found');
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency' });
    expectError(await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency' }), 409, 'toxic already exists');
    // Names are unique across both directions.
    expectError(
      await server.api('POST', `/proxies/${name}/toxics`, { type: 'timeout', name: 'latency_downstream', stream: 'upstream' }),
      409,
      'toxic already exists',
    );
  });

  it('invalid toxic type (400), `down` included', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    for (const type of ['down', 'nonsense', '']) {
      expectError(await server.api('POST', `/proxies/${name}/toxics`, { type }), 400, 'invalid toxic type');
    }
  });

  it('invalid stream (400)', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    expectError(
      await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', stream: 'sideways' }),
      400,
      'stream was invalid, can be either upstream or downstream',
    );
  });

  it('missing required field: name / upstream (400)', async () => {
    const server = await useServer();
    expectError(
      await server.api('POST', '/proxies', { listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }),
      400,
      'missing required field: name',
    );
    expectError(
      await server.api('POST', '/proxies', { name: server.name(), listen: '127.0.0.1:0' }),
      400,
      'missing required field: upstream',
    );
  });

  it('bad request body (400): malformed JSON, empty body, wrong types', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    expectError(await server.api('POST', '/proxies', '{"name":'), 400, /^bad request body: /);
    expectError(await server.api('POST', '/proxies', 'not json'), 400, /^bad request body: invalid character/);
    expectError(await server.api('POST', '/proxies', ''), 400, 'bad request body: EOF');
    expectError(
      await server.api('POST', '/proxies', { name: 5, upstream: 'x:1' }),
      400,
      /^bad request body: json: cannot unmarshal number/,
    );
    expectError(await server.api('PATCH', `/proxies/${name}`, '{'), 400, /^bad request body: /);
    expectError(await server.api('PATCH', `/proxies/${name}`, { enabled: 'yes' }), 400, /^bad request body: json: cannot unmarshal string/);
    expectError(await server.api('POST', `/proxies/${name}/toxics`, '[1,'), 400, /^bad request body: /);
    expectError(await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', toxicity: 'high' }), 400, /^bad request body: /);
  });

  it('bad request body (400) for a non-numeric, fractional or negative attribute', async () => {
    const server = await useServer();
    const { name } = await server.proxy(9);
    const add = (attributes: unknown) => server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', attributes });
    expectError(
      await add({ latency: 'slow' }),
      400,
      /^bad request body: json: cannot unmarshal string into Go struct field LatencyToxic\.attributes\.latency of type int64$/,
    );
    expectError(await add({ latency: 1.5 }), 400, /^bad request body: json: cannot unmarshal number 1\.5/);
    expectError(await add('fast'), 400, /^bad request body: /);
    if (ours) expectError(await add({ latency: -5 }), 400, /^bad request body: .*latency.*negative/);
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'bandwidth', name: 'bw', attributes: { rate: 10 } });
    expectError(await server.api('PATCH', `/proxies/${name}/toxics/bw`, { attributes: { rate: 'x' } }), 400, /^bad request body: /);
    if (ours)
      expectError(await server.api('PATCH', `/proxies/${name}/toxics/bw`, { attributes: { rate: -1 } }), 400, /^bad request body: /);
    // The refused update left the toxic as it was.
    expect(((await server.api('GET', `/proxies/${name}/toxics/bw`)).body as { attributes: unknown }).attributes).toEqual({ rate: 10 });
  });

  it('listen tcp <addr>: bind: address already in use (500); nothing is created', async () => {
    const server = await useServer();
    const taken = await startEchoServer();
    onTestFinished(() => taken.close());
    const name = server.name();
    const answer = await server.api('POST', '/proxies', { name, listen: `127.0.0.1:${taken.port}`, upstream: '127.0.0.1:9' });
    expectError(answer, 500, `listen tcp 127.0.0.1:${taken.port}: bind: address already in use`);
    expect((await server.api('GET', `/proxies/${name}`)).status).toBe(404);
  });

  it.runIf(ours)('refuses a non-loopback listen address with 400 (opt in with --allow-remote-listen)', async () => {
    const server = await useServer();
    const name = server.name();
    const answer = await server.api('POST', '/proxies', { name, listen: '0.0.0.0:0', upstream: '127.0.0.1:9' });
    expectError(answer, 400, /^bad request body: listen address 0\.0\.0\.0:0 is not a loopback address/);
    expect((await server.api('GET', `/proxies/${name}`)).status).toBe(404);
    const { name: existing } = await server.proxy(9);
    expectError(await server.api('PATCH', `/proxies/${existing}`, { listen: ':0' }), 400, /not a loopback address/);
  });

  it('keeps serving other proxies and their open connections through bad requests', async () => {
    const server = await useServer();
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const { name, port } = await server.proxy(echo.port);
    const probe = await TcpProbe.open(port);
    await probe.roundTrip('before');
    await server.api('POST', '/proxies', '{{{');
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'down' });
    await server.api('POST', `/proxies/${name}/toxics`, { type: 'latency', attributes: { latency: 'x' } });
    await server.api('POST', '/proxies', { name: server.name(), listen: `127.0.0.1:${port}`, upstream: '127.0.0.1:9' });
    await probe.roundTrip('after');
    expect(probe.received.toString()).toBe('beforeafter');
    expect((await server.api('GET', `/proxies/${name}`)).status).toBe(200);
  });

  it('answers an unknown path 404 and a known path with another method 405', async () => {
    const server = await useServer();
    expect((await server.api('GET', '/nowhere')).status).toBe(404);
    expect((await server.api('PUT', '/proxies')).status).toBe(405);
    expect((await server.api('GET', '/reset')).status).toBe(405);
  });

  it('the npm client surfaces error statuses', async () => {
    const server = await useServer();
    await expect(server.client.get(server.name())).rejects.toThrow(/404/);
  });
});

import { describe, expect, it } from 'vitest';
import { dockerEngineAnswers, dockerProvider } from '../../harness/infra/docker/docker-provider.js';
import { loopbackEndpoints } from '../../harness/infra/endpoints.js';
import { externalProvider } from '../../harness/infra/external/external-provider.js';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import { isAlive } from '../../harness/infra/native/processes.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { rejection } from '../helpers/rejection.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { testStackOptions } from '../helpers/test-stack.js';

describe('external provider', () => {
  it('health-checks the URLs it is given, records them, and never stops what it did not start', async () => {
    const native = await testStackOptions();
    const started = await nativeProvider.up(native);
    const urls = loopbackEndpoints(native.ports);
    const options = { ...native, stateDir: makeStateDir(), urls };

    const up = await externalProvider.up(options);
    expect(up.state.provider).toBe('external');
    const health = Object.fromEntries(up.status.components.map((c) => [c.name, c.health]));
    expect(health).toEqual({ postgres: 'healthy', pgbouncer: 'healthy', redis: 'healthy', toxiproxy: 'healthy' });
    expect((await externalProvider.status(options)).running).toBe(true);

    const down = await externalProvider.down(options);
    expect(down.stopped).toEqual([]);
    for (const c of started.status.components) if (c.pid !== null) expect(isAlive(c.pid)).toBe(true);
    expect((await externalProvider.status(options)).provider).toBeNull();
  });

  it('names every missing URL and the flags that give them', async () => {
    const options = await testStackOptions({ urls: { redisUrl: 'redis://127.0.0.1:1' } });
    const err = await rejection(externalProvider.up(options));
    expect(err.code).toBe('STAMPEDE_INFRA_EXTERNAL_MISSING_URL');
    expect(err.hint).toContain('--pg-url --pgbouncer-url --toxiproxy-url');
  });

  it('reports an unreachable component by name', async () => {
    const options = await testStackOptions({
      healthTimeoutMs: 500,
      urls: {
        postgresUrl: 'postgres://x:y@127.0.0.1:1/db',
        pgbouncerUrl: 'postgres://x:y@127.0.0.1:1/db',
        redisUrl: 'redis://127.0.0.1:1',
        toxiproxyUrl: 'http://127.0.0.1:1',
      },
    });
    const err = await rejection(externalProvider.up(options));
    expect(err.code).toBe('STAMPEDE_INFRA_UNHEALTHY');
    expect(err.message).toMatch(/postgres .*redis .*toxiproxy/);
  });
});

describe('docker provider', () => {
  it('says so when no Docker engine answers, and starts nothing', async (ctx) => {
    if (await dockerEngineAnswers(process.env)) ctx.skip();
    const options = await testStackOptions();
    const err = await rejection(dockerProvider.up(options));
    expect(err.code).toBe('STAMPEDE_INFRA_DOCKER_UNAVAILABLE');
    expect(err.hint).toContain('--provider native');
  });
});

describe('docker provider after `docker compose up` returns', () => {
  it('health-checks every component: compose exiting 0 with nothing listening is STAMPEDE_INFRA_UNHEALTHY, taken down, not recorded', async () => {
    const docker = fakeDocker({ composeExit: 0 });
    const options = await testStackOptions({ healthTimeoutMs: 1000, env: { ...process.env, PATH: docker.path } });
    const err = await rejection(dockerProvider.up(options));
    expect(err.code).toBe('STAMPEDE_INFRA_UNHEALTHY');
    expect(err.message).toMatch(
      /^`docker compose up` returned but postgres \(127\.0\.0\.1:\d+: .*\), pgbouncer .*, redis .*, toxiproxy .* did not answer within 1s$/,
    );
    const calls = docker.calls();
    expect(calls.some((c) => /^compose -f \S+docker-compose\.yml up -d --wait$/.test(c))).toBe(true);
    expect(calls.at(-1)).toMatch(/^compose -f \S+docker-compose\.yml down$/);
    expect((await dockerProvider.status(options)).provider).toBeNull();
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopbackEndpoints } from '../../harness/infra/endpoints.js';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import { isAlive } from '../../harness/infra/native/processes.js';
import type { RunRecord } from '../../harness/record/run-record.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { testStackOptions } from '../helpers/test-stack.js';

/**
 * `run --provider external` against servers somebody else started: here the native provider's,
 * on free ports, handed to the run by flag (PostgreSQL, PgBouncer) and by environment variable
 * (Redis, Toxiproxy). The run must use them and leave them running.
 */
describe('stampede run --provider external', () => {
  it('runs a short scenario against a stack it did not start, and leaves that stack running', { timeout: 120_000 }, async () => {
    const native = await testStackOptions();
    const started = await nativeProvider.up(native);
    const urls = loopbackEndpoints(native.ports);
    const out = makeStateDir();
    const args = ['bin/stampede.js', 'run', 'black-friday-routing', '--variant', 'hardened', '--duration', '5s', '--scale', '0.02'];
    const external = ['--provider', 'external', '--pg-url', urls.postgresUrl, '--pgbouncer-url', urls.pgbouncerUrl, '--timeout', '10s'];
    const result = spawnSync(process.execPath, [...args, ...external, '--out', out, '--json'], {
      encoding: 'utf8',
      timeout: 110_000,
      env: {
        ...process.env,
        STAMPEDE_PROVIDER: '',
        STAMPEDE_REDIS_URL: urls.redisUrl,
        STAMPEDE_TOXIPROXY_URL: urls.toxiproxyUrl ?? '',
        STAMPEDE_STATE_DIR: makeStateDir(),
      },
    });
    expect(result.stderr).toMatch(/^infra: provider: external \(asked for \(--provider external\)\)$/m);
    const json = JSON.parse(result.stdout) as { status: string; provider: { name: string } };
    expect(json).toMatchObject({ status: 'completed', provider: { name: 'external' } });
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunRecord;
    expect(record.status).toBe('completed');
    expect(record.infra?.provider).toBe('external');
    // The settings were read back from the servers it was pointed at.
    expect(record.infra?.settings['postgres.max_connections']).toBe('40');
    const [hardened] = record.variants;
    expect(hardened?.status).toBe('completed');
    expect(hardened?.load?.totals.completed).toBeGreaterThan(20);
    expect([0, 1]).toContain(result.status);
    // Nothing it did not start was stopped.
    for (const c of started.status.components) if (c.pid !== null) expect(isAlive(c.pid)).toBe(true);
  });
});

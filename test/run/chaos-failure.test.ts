import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/record/run-record.js';
import { listOwnedProcesses } from '../helpers/process-census.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { testStackOptions } from '../helpers/test-stack.js';

/** A fault that fails to apply fails the variant: its expectations are never judged as if it had happened. */
describe('a chaos step that does not apply', () => {
  it('fails the variant with STAMPEDE_CHAOS_FAILED naming the step and the database answer, exit 3', { timeout: 120_000 }, async () => {
    const infra = await testStackOptions();
    // The scenario file is bundled into the state dir, and its packages resolve from there (as
    // from a user's project with `.stampede` inside it): give the temp state dir the repo's.
    symlinkSync(resolve('node_modules'), join(infra.stateDir, 'node_modules'));
    const out = makeStateDir();
    const p = infra.ports;
    const ports = ['--pg-port', p.postgres, '--pgbouncer-port', p.pgbouncer, '--redis-port', p.redis, '--toxiproxy-port', p.toxiproxy].map(
      String,
    );
    const args = [
      'bin/stampede.js',
      'run',
      'test/fixtures/chaos-sql-fails.ts',
      '--variant',
      'hardened',
      '--duration',
      '5s',
      '--scale',
      '0.01',
    ];
    const result = spawnSync(process.execPath, [...args, '--provider', 'native', '--state-dir', infra.stateDir, ...ports, '--out', out], {
      encoding: 'utf8',
      timeout: 110_000,
      env: { ...process.env, STAMPEDE_PROVIDER: '' },
    });
    expect(result.status).toBe(3);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunRecord;
    expect(record.status).toBe('failed');
    expect(record.ok).toBe(false);
    expect(record.reason?.code).toBe('STAMPEDE_CHAOS_FAILED');
    expect(record.reason?.message).toMatch(/chaos step "broken-migration" .*did not apply: .*relation "no_such_table" does not exist/);
    const [variant] = record.variants;
    expect(variant?.status).toBe('failed');
    expect(variant?.chaos.some((e) => e.step === 'broken-migration' && !e.ok)).toBe(true);
    // run started the stack, so it took it down again, and its services with it.
    expect(listOwnedProcesses().filter((proc) => proc.cwd.startsWith(infra.stateDir))).toEqual([]);
  });
});

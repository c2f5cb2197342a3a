import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import type { RunRecord, VariantRecord } from '../../harness/record/run-record.js';
import { reportWriters } from '../../harness/report/writer-registry.js';
import { runScenario, writeRunJson } from '../../harness/run/run-scenario.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { testStackOptions } from '../helpers/test-stack.js';

const metric = (v: VariantRecord | undefined, name: string) => v?.metrics[name]?.count ?? v?.metrics[name]?.max;

/**
 * The flagship end to end, short: the real stack, the built-in Toxiproxy, two instances of each
 * variant, the map API, load with the map slowdown, probes and invariants. Small fleet and 12 s
 * of load, so it asserts only what shows reliably at that size.
 */
describe('stampede run black-friday-routing (short)', () => {
  beforeAll(() => {
    if (!existsSync(join(distRoot(), 'scenarios', 'black-friday-routing.js')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('reproduces the incident with the naive variant and not with the hardened one', { timeout: 120_000 }, async () => {
    const infra = await testStackOptions();
    const scenario = await loadScenario('black-friday-routing', { distRoot: distRoot(), stateDir: infra.stateDir });
    const dir = makeStateDir();
    const persisted: RunRecord[] = [];
    const record = await runScenario({
      scenario,
      variants: ['naive', 'hardened'],
      infra,
      provider: 'native',
      distRoot: distRoot(),
      seed: 7,
      scale: 0.02,
      durationMs: 12_000,
      argv: ['test'],
      signal: new AbortController().signal,
      persist: (r) => {
        persisted.push(r);
        writeRunJson(dir, r);
      },
    });

    expect(record.status).toBe('completed');
    expect(record.infra?.settings['postgres.max_connections']).toBe('40');
    expect(record.infra?.settings['pgbouncer.pool_mode']).toBe('transaction');
    const [naive, hardened] = record.variants;
    expect(naive?.variant).toBe('naive');
    expect(hardened?.variant).toBe('hardened');
    for (const v of record.variants) {
      expect(v.status).toBe('completed');
      expect(v.load?.totals.completed).toBeGreaterThan(100);
      // The probes ran on the load's clock: one value per second for pg and the services.
      expect(v.timeline.series['pg.deadlocks_delta']?.length).toBe(v.timeline.seconds.length);
      expect(v.timeline.series['services.all.service_http_in_flight']?.some((x) => x !== null)).toBe(true);
      expect(v.chaos.filter((e) => e.ok).length).toBeGreaterThanOrEqual(3);
    }
    // The story's bugs that show at any size: tunnels for hazmat trucks, lost acknowledged updates.
    expect(metric(naive, 'invariant:hazmat-through-tunnel')).toBeGreaterThan(0);
    expect(metric(naive, 'invariant:acknowledged-not-persisted')).toBeGreaterThan(0);
    // The fix shows none of it.
    expect(metric(hardened, 'invariant:hazmat-through-tunnel')).toBe(0);
    expect(metric(hardened, 'invariant:acknowledged-not-persisted')).toBe(0);
    expect(metric(hardened, 'deadlocks')).toBe(0);
    expect(metric(hardened, 'db_errors:40P01')).toBe(0);

    // run.json on disk is the record, and the Markdown report renders from it alone.
    const onDisk = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
    expect(onDisk.variants.length).toBe(2);
    const markdown = reportWriters.markdown?.render(onDisk) ?? '';
    expect(markdown).toContain('| invariant: hazmat-through-tunnel |');
    expect(persisted.length).toBeGreaterThanOrEqual(2);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import type { VariantRecord } from '../../harness/record/run-record.js';
import { runScenario } from '../../harness/run/run-scenario.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import { testStackOptions } from '../helpers/test-stack.js';

const violations = (v: VariantRecord | undefined, name: string) => v?.invariants.find((i) => i.name === name)?.violations;

/**
 * The order queue end to end, short: three instances of each variant on the real stack, the
 * payment gateway slowed past the visibility timeout and a worker restarted mid-load, then the
 * drain. Its 5 s gateway fault is not stretched with the load, so even 14 s of load charges
 * naive orders again; poison messages are a few per cent, so naive's lost outcomes show too.
 */
describe('stampede run order-queue-duplicates (short)', () => {
  beforeAll(() => {
    if (!existsSync(join(distRoot(), 'scenarios', 'order-queue-duplicates.js')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('charges twice and loses outcomes with the naive worker; the hardened one does every accepted event', {
    timeout: 150_000,
  }, async () => {
    const infra = await testStackOptions();
    const scenario = await loadScenario('order-queue-duplicates', { distRoot: distRoot(), stateDir: infra.stateDir });
    const record = await runScenario({
      scenario,
      variants: ['naive', 'hardened'],
      infra,
      provider: 'native',
      distRoot: distRoot(),
      seed: 3,
      scale: 1,
      durationMs: 14_000,
      argv: ['test'],
      signal: new AbortController().signal,
      persist: () => {},
    });

    expect(record.status, JSON.stringify(record.variants.map((v) => v.reason ?? v.status))).toBe('completed');
    const [naive, hardened] = record.variants;
    for (const v of record.variants) {
      expect(v.status).toBe('completed');
      expect(v.chaos.every((e) => e.ok)).toBe(true);
      expect(v.work?.asked).toBeGreaterThan(150);
    }
    // Naive: charged again, and short of the work (poison acked without a trace).
    expect(violations(naive, 'duplicate-charges')).toBeGreaterThan(0);
    expect(violations(naive, 'lost-outcomes')).toBeGreaterThan(0);
    expect(naive?.work?.done).toBeLessThan(naive?.work?.asked ?? 0);
    expect(naive?.work?.notDone['poison-acked-without-dlq']).toBeGreaterThan(0);

    // Hardened: every accepted event done after the drain, poison in the DLQ only, no duplicate.
    expect(hardened?.work?.done).toBe(hardened?.work?.asked);
    expect(hardened?.work?.notDone).toEqual({});
    for (const name of ['duplicate-charges', 'lost-outcomes', 'valid-dead-lettered', 'uncharged-placements', 'queue-not-drained'])
      expect(violations(hardened, name), name).toBe(0);
    expect(violations(hardened, 'dead-letters')).toBeGreaterThan(0);
    expect(hardened?.metrics.pg_log_deadlocks?.count).toBe(0);
    expect(hardened?.settle?.drainMs).toBeLessThan(30_000);
  });
});

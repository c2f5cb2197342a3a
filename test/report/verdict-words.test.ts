import { describe, expect, it } from 'vitest';
import { variantVerdict, verdictSentence } from '../../harness/report/verdict-words.js';
import { loadFixture } from './support.js';

describe('verdicts in words', () => {
  it('lead with the incident for naive and say what stayed clean for hardened', () => {
    const [naive, hardened] = loadFixture('both').variants;
    if (!naive || !hardened) throw new Error('fixture has two variants');
    expect(verdictSentence('naive', variantVerdict(naive))).toBe(
      'naive: deadlocked 4 times (40P01), 579 hazmat-through-tunnel violations, 2,778 acknowledged-not-persisted violations, ' +
        '4 failed requests (0.17%), up to 26 clients queued in PgBouncer; every expectation met (4/4)',
    );
    expect(variantVerdict(naive).tone).toBe('incident');
    expect(verdictSentence('hardened', variantVerdict(hardened))).toBe(
      'hardened: no deadlock, no serialization failure, no invariant violated, 3 failed requests (0.13%); every expectation met (6/6)',
    );
    expect(variantVerdict(hardened).tone).toBe('clean');
  });

  it('say when a variant did not complete, and count failed expectations', () => {
    const [naive] = loadFixture('both').variants;
    if (!naive) throw new Error('fixture has a naive variant');
    const interrupted = variantVerdict({
      ...naive,
      status: 'interrupted',
      reason: { code: 'STAMPEDE_INTERRUPTED', message: 'stopped by Ctrl-C' },
      ok: false,
    });
    expect([interrupted.tone, interrupted.expectations]).toEqual(['incomplete', 'interrupted: stopped by Ctrl-C']);
    const failing = variantVerdict({
      ...naive,
      verdicts: [...naive.verdicts, { metric: 'deadlocks', threshold: 'count==0', actual: 4, ok: false }],
      ok: false,
    });
    expect(failing.expectations).toBe('1 of 5 expectations NOT met');
  });
});

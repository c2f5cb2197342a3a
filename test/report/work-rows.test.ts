import { describe, expect, it } from 'vitest';
import type { RunRecord, VariantRecord } from '../../harness/record/run-record.js';
import { renderConsoleSummary } from '../../harness/report/console-summary.js';
import { variantVerdict, verdictSentence } from '../../harness/report/verdict-words.js';
import { loadFixture } from './support.js';

/** The fixture run with the work each variant did and its settle times, as a run of today records them. */
function withWork(): RunRecord {
  const record = loadFixture('both');
  const [naive, hardened] = record.variants as [VariantRecord, VariantRecord];
  return {
    ...record,
    variants: [
      { ...naive, work: { unit: 'truck assignments', asked: 38_760, done: 21_736, notDone: { 'job failed': 17_000, 'rolled back': 24 } } },
      {
        ...hardened,
        work: { unit: 'truck assignments', asked: 38_760, done: 38_760, notDone: {} },
        settle: { drainMs: 4200, settleMs: 2300, settled: true },
        unjudged: [{ metric: 'pg_log_deadlocks', thresholds: ['count==0'], reason: 'no log' }],
      },
    ],
  };
}

describe('work asked vs done in the reports', () => {
  it('shows done / asked and the reasons side by side, and a shortfall reads as part of the incident', () => {
    const summary = renderConsoleSummary(withWork(), []);
    expect(summary).toMatch(
      /work done \/ asked\s+21,736 \/ 38,760 truck assignments \(56\.08%\)\s+38,760 \/ 38,760 truck assignments \(100\.00%\)/,
    );
    expect(summary).toMatch(/work not done, by reason\s+job failed 17,000, rolled back 24\s+0/);
    expect(summary).toMatch(/drain \/ counters settled\s+-\s+4200 ms \/ 2300 ms/);
    const [naive, hardened] = withWork().variants as [VariantRecord, VariantRecord];
    expect(verdictSentence('naive', variantVerdict(naive))).toContain('did 21,736 of 38,760 truck assignments (56.08%)');
    expect(variantVerdict(naive).tone).toBe('incident');
    const clean = verdictSentence('hardened', variantVerdict(hardened));
    expect(clean).toContain('all 38,760 truck assignments done');
    expect(clean).toContain('(1 not judged here: pg_log_deadlocks)');
  });

  it('leaves the rows out for a record made before work was counted', () => {
    expect(renderConsoleSummary(loadFixture('both'), [])).not.toMatch(/work done/);
  });
});

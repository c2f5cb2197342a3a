import type { InvariantRecord } from '../record/run-record.js';
import type { Invariant, ScenarioContext, Workload, WorkReport } from '../scenario/scenario-types.js';

/** Runs every invariant; one that throws is recorded with its error (and fails its threshold), never skipped. */
export async function checkInvariants(list: readonly Invariant[], ctx: ScenarioContext): Promise<InvariantRecord[]> {
  const records: InvariantRecord[] = [];
  for (const invariant of list) {
    try {
      const result = await invariant.check(ctx);
      records.push({
        name: invariant.name,
        description: invariant.description,
        violations: result.violations,
        samples: result.samples.slice(0, 10),
        ...(result.figures ? { figures: result.figures } : {}),
      });
    } catch (err) {
      records.push({
        name: invariant.name,
        description: invariant.description,
        violations: 0,
        samples: [],
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return records;
}

/**
 * Work asked vs done, from the workload's ground-truth count. The reasons must add up: a count
 * whose not-done reasons leave units unaccounted for gets an `unaccounted` reason, never a silent gap.
 */
export async function checkWork(workload: Workload, ctx: ScenarioContext): Promise<WorkReport | undefined> {
  if (!workload.work) return undefined;
  const report = await workload.work(ctx);
  const explained = Object.values(report.notDone).reduce((a, b) => a + b, 0);
  const missing = report.asked - report.done - explained;
  return missing === 0 ? report : { ...report, notDone: { ...report.notDone, unaccounted: missing } };
}

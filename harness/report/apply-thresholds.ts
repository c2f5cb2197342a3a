import type { RunRecord, VariantRecord } from '../record/run-record.js';
import type { Thresholds } from '../scenario/scenario-types.js';
import { mergeThresholds } from '../scenario/threshold-flags.js';
import { evaluateThresholds } from '../scenario/thresholds.js';

function rejudge(v: VariantRecord, extra: Thresholds): VariantRecord {
  // A variant that did not complete has no verdicts: its metrics are partial, so none are added.
  if (v.status !== 'completed') return v;
  const known = new Set(v.verdicts.map((x) => `${x.metric}\u0000${x.threshold}`));
  const added = evaluateThresholds(extra, v.metrics).filter((x) => !known.has(`${x.metric}\u0000${x.threshold}`));
  return {
    ...v,
    expect: mergeThresholds(v.expect, extra),
    verdicts: [...v.verdicts, ...added],
    ok: v.ok && added.every((x) => x.ok),
  };
}

/**
 * A saved run judged again with extra thresholds (`stampede report --threshold`): evaluated
 * against the metrics run.json already holds, added to each variant's verdicts. Pure: the record
 * given is not changed.
 */
export function applyThresholds(record: RunRecord, extra: Thresholds): RunRecord {
  if (Object.keys(extra).length === 0) return record;
  const variants = record.variants.map((v) => rejudge(v, extra));
  return { ...record, variants, ok: record.ok && variants.every((v) => v.ok) };
}

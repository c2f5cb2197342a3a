/**
 * k6 threshold expressions (`p(99)<1000`, `rate<0.01`, `count>0`, `max<=5`): parsed once,
 * evaluated against a metric summary. The same syntax serves capacity thresholds and the
 * per-variant incident signatures.
 */
export type Aggregation =
  | { kind: 'percentile'; p: number }
  | { kind: 'named'; name: 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'value' };
export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Threshold {
  readonly source: string;
  readonly aggregation: Aggregation;
  readonly operator: Operator;
  readonly value: number;
}

const pattern = /^\s*(p\((\d+(?:\.\d+)?)\)|avg|min|max|med|count|rate|value)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseThreshold(source: string): Threshold | undefined {
  const match = pattern.exec(source);
  if (!match) return undefined;
  const aggregation: Aggregation =
    match[2] !== undefined ? { kind: 'percentile', p: Number(match[2]) } : { kind: 'named', name: match[1] as 'avg' };
  if (aggregation.kind === 'percentile' && (aggregation.p < 0 || aggregation.p > 100)) return undefined;
  return { source, aggregation, operator: match[3] as Operator, value: Number(match[4]) };
}

/** A metric as run.json summarises it: whichever aggregations make sense for its kind. */
export type MetricSummary = Readonly<Partial<Record<'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'value', number>>> & {
  readonly percentiles?: Readonly<Record<string, number>>;
};

function aggregate(summary: MetricSummary, aggregation: Aggregation): number | undefined {
  if (aggregation.kind === 'named') return summary[aggregation.name];
  return summary.percentiles?.[String(aggregation.p)];
}

function compare(actual: number, operator: Operator, expected: number): boolean {
  switch (operator) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
    case '===':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

export interface ThresholdVerdict {
  readonly metric: string;
  readonly threshold: string;
  /** null when the metric or aggregation was not measured: a verdict that counts as failed. */
  readonly actual: number | null;
  readonly ok: boolean;
}

/** Evaluates every threshold; a missing metric fails (an expectation never silently passes). */
export function evaluateThresholds(
  thresholds: Readonly<Record<string, readonly string[]>>,
  metrics: Readonly<Record<string, MetricSummary>>,
): ThresholdVerdict[] {
  const verdicts: ThresholdVerdict[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    for (const expression of expressions) {
      const threshold = parseThreshold(expression);
      const summary = metrics[metric];
      const actual = threshold && summary ? aggregate(summary, threshold.aggregation) : undefined;
      verdicts.push({
        metric,
        threshold: expression,
        actual: actual ?? null,
        ok:
          threshold !== undefined &&
          actual !== undefined &&
          Number.isFinite(actual) &&
          compare(actual, threshold.operator, threshold.value),
      });
    }
  }
  return verdicts;
}

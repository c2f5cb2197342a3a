/**
 * A parser for the Prometheus text exposition format (0.0.4, and the OpenMetrics subset services
 * commonly emit): `# HELP` / `# TYPE` lines, other comments, samples with optional labels
 * (escaped `\\`, `\"`, `\n` in values, an optional trailing comma), values including `NaN` and
 * `±Inf`, and an optional timestamp. A malformed line is skipped and counted, never thrown: one
 * bad metric must not cost the probe the others.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Milliseconds since the epoch, when the line had one. */
  readonly timestamp?: number;
}

export interface Exposition {
  readonly samples: PromSample[];
  /** Family name -> declared type. */
  readonly types: Map<string, MetricType>;
  readonly help: Map<string, string>;
  /** Lines that could not be parsed (skipped). */
  readonly invalidLines: number;
  readonly firstError?: string;
}

const metricTypes = new Set<string>([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'unknown',
  'gaugehistogram',
  'info',
  'stateset',
]);
const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Go's ParseFloat spellings, as Prometheus writes and reads them. */
export function parseValue(text: string): number {
  switch (text.toLowerCase()) {
    case 'nan':
      return Number.NaN;
    case '+inf':
    case 'inf':
      return Number.POSITIVE_INFINITY;
    case '-inf':
      return Number.NEGATIVE_INFINITY;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && !/^0[xX][0-9a-fA-F]+$/.test(text)) {
    throw new Error(`bad value ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Parses `{a="x",b="y"}` starting at `start` (the `{`); returns the labels and the offset after `}`. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const skipSpace = () => {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
  };
  for (;;) {
    skipSpace();
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = labelNamePattern.exec(line.slice(i))?.[0];
    if (!name) throw new Error(`bad label name at column ${i + 1}`);
    i += name.length;
    skipSpace();
    if (line[i] !== '=') throw new Error(`expected = after label ${name}`);
    i += 1;
    skipSpace();
    if (line[i] !== '"') throw new Error(`expected " to open the value of label ${name}`);
    i += 1;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) throw new Error(`unterminated value of label ${name}`);
      i += 1;
      if (c === '"') break;
      if (c === '\\') {
        const next = line[i];
        i += 1;
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape \\${next ?? ''} in label ${name}`);
      } else value += c;
    }
    if (name in labels) throw new Error(`label ${name} given twice`);
    labels[name] = value;
    skipSpace();
    if (line[i] === ',') i += 1;
    else if (line[i] !== '}') throw new Error(`expected , or } after label ${name}`);
  }
}

function parseSample(line: string): PromSample {
  const name = namePattern.exec(line)?.[0];
  if (!name) throw new Error('bad metric name');
  let i = name.length;
  let labels: Record<string, string> = {};
  // Whitespace before the label set is tolerated, as Prometheus' own lexer does.
  const brace = /^[ \t]*\{/.exec(line.slice(i));
  if (brace) i += brace[0].length - 1;
  if (line[i] === '{') {
    const parsed = parseLabels(line, i);
    labels = parsed.labels;
    i = parsed.end;
  }
  // An OpenMetrics exemplar (` # {trace_id="..."} 1`) follows the value; it is not part of the sample.
  const tail = line.slice(i);
  const exemplar = tail.indexOf(' # ');
  const rest = (exemplar === -1 ? tail : tail.slice(0, exemplar)).trim().split(/[ \t]+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '' || line[i] === undefined || !/[ \t]/.test(line[i] ?? '')) {
    throw new Error('expected a value (and an optional timestamp) after the metric');
  }
  const value = parseValue(rest[0] as string);
  if (rest[1] === undefined) return { name, labels, value };
  const timestamp = Number(rest[1]);
  if (!/^-?\d+(\.\d+)?$/.test(rest[1]) || !Number.isFinite(timestamp)) throw new Error(`bad timestamp ${JSON.stringify(rest[1])}`);
  return { name, labels, value, timestamp };
}

/** Parses a whole exposition. */
export function parsePrometheusText(text: string): Exposition {
  const samples: PromSample[] = [];
  const types = new Map<string, MetricType>();
  const help = new Map<string, string>();
  let invalidLines = 0;
  let firstError: string | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    try {
      const trimmed = line.trimStart();
      if (trimmed.startsWith('#')) {
        const meta = /^#[ \t]+(HELP|TYPE)[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:[ \t]+(.*))?$/.exec(trimmed);
        if (!meta) return; // a plain comment (or `# EOF`)
        const [, keyword, family, rest = ''] = meta as unknown as [string, string, string, string | undefined];
        if (keyword === 'HELP') help.set(family, unescapeHelp(rest));
        else {
          const type = rest.trim().toLowerCase();
          if (!metricTypes.has(type)) throw new Error(`unknown metric type ${JSON.stringify(rest)}`);
          types.set(family, type === 'counter' || type === 'gauge' || type === 'histogram' || type === 'summary' ? type : 'untyped');
        }
        return;
      }
      samples.push(parseSample(trimmed));
    } catch (err) {
      invalidLines += 1;
      firstError ??= `line ${index + 1}: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
  return firstError === undefined ? { samples, types, help, invalidLines } : { samples, types, help, invalidLines, firstError };
}

export interface SampleKind {
  readonly type: MetricType;
  /** The family the sample belongs to (`x` for `x_bucket`, `x_sum`, `x_count`). */
  readonly family: string;
  /** For histograms and summaries: which part of the family the sample is. */
  readonly part?: 'bucket' | 'sum' | 'count' | 'quantile';
}

/**
 * What a sample is, from the declared types: histogram and summary samples are matched to their
 * family by suffix; a sample of an undeclared family is a counter when its name ends in `_total`
 * (the Prometheus naming convention), otherwise untyped.
 */
export function kindOf(sample: PromSample, types: ReadonlyMap<string, MetricType>): SampleKind {
  const declared = types.get(sample.name);
  if (declared === 'histogram' || declared === 'summary') return { type: declared, family: sample.name, part: 'quantile' };
  if (declared) return { type: declared, family: sample.name };
  const suffix = /_(bucket|sum|count|total|created)$/.exec(sample.name);
  if (suffix) {
    const family = sample.name.slice(0, -suffix[0].length);
    const type = types.get(family);
    const part = suffix[1];
    if ((type === 'histogram' || type === 'summary') && (part === 'bucket' || part === 'sum' || part === 'count')) {
      return { type, family, part };
    }
    if (type === 'counter' && part === 'total') return { type, family };
  }
  return { type: sample.name.endsWith('_total') ? 'counter' : 'untyped', family: sample.name };
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The series key of a sample, stable across scrapes: the metric name, then its labels sorted by
 * name in exposition syntax, e.g. `service_db_errors_total{sqlstate="40P01"}`; a sample without
 * labels is its bare name.
 */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return name;
  return `${name}{${names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`).join(',')}}`;
}

/**
 * A minimal Prometheus text-format registry (exposition format 0.0.4): counters and gauges with
 * labels, plus gauges read at scrape time. Enough for a service's own /metrics; no client library,
 * so that every service variant renders exactly the same names.
 */

export type Labels = Readonly<Record<string, string>>;

type Kind = 'counter' | 'gauge';

interface Family {
  readonly name: string;
  readonly help: string;
  readonly kind: Kind;
  readonly values: Map<string, { labels: Labels; value: number }>;
  readonly collect?: () => number;
}

/** A counter: only goes up. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** A gauge set by the code that owns the value. */
export interface Gauge {
  set(value: number, labels?: Labels): void;
  inc(labels?: Labels, by?: number): void;
  dec(labels?: Labels, by?: number): void;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return names.map((name) => `${name}="${escapeLabel(labels[name] ?? '')}"`).join(',');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

export class PrometheusRegistry {
  readonly #families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    const family = this.#register(name, help, 'counter');
    return { inc: (labels = {}, by = 1) => this.#add(family, labels, by) };
  }

  gauge(name: string, help: string): Gauge {
    const family = this.#register(name, help, 'gauge');
    return {
      set: (value, labels = {}) => {
        family.values.set(labelKey(labels), { labels, value });
      },
      inc: (labels = {}, by = 1) => this.#add(family, labels, by),
      dec: (labels = {}, by = 1) => this.#add(family, labels, -by),
    };
  }

  /** A gauge without labels whose value is read when /metrics is scraped (pool sizes, lag). */
  collectedGauge(name: string, help: string, collect: () => number): void {
    this.#register(name, help, 'gauge', collect);
  }

  /**
   * Makes a labelled series visible at 0 before its first event, so that a probe reading the
   * first scrape sees the name (a counter that has never moved is otherwise absent).
   */
  touch(name: string, labels: Labels): void {
    const family = this.#families.get(name);
    if (!family) throw new Error(`metric ${name} is not registered`);
    const key = labelKey(labels);
    if (!family.values.has(key)) family.values.set(key, { labels, value: 0 });
  }

  render(): string {
    const lines: string[] = [];
    for (const family of this.#families.values()) {
      lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.kind}`);
      if (family.collect) {
        lines.push(`${family.name} ${formatValue(family.collect())}`);
        continue;
      }
      if (family.values.size === 0) lines.push(`${family.name} 0`);
      for (const [key, { value }] of family.values) {
        lines.push(key === '' ? `${family.name} ${formatValue(value)}` : `${family.name}{${key}} ${formatValue(value)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  #register(name: string, help: string, kind: Kind, collect?: () => number): Family {
    if (this.#families.has(name)) throw new Error(`metric ${name} is registered twice`);
    const family: Family = { name, help, kind, values: new Map(), ...(collect ? { collect } : {}) };
    this.#families.set(name, family);
    return family;
  }

  #add(family: Family, labels: Labels, by: number): void {
    const key = labelKey(labels);
    const current = family.values.get(key);
    if (current) current.value += by;
    else family.values.set(key, { labels, value: by });
  }
}

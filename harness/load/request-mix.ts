import { StampedeError } from '../errors/stampede-error.js';
import type { RequestSpec, RequestTemplate, ResponseCheck } from './load-plan.js';
import { Random } from './prng.js';
import { encodeRequest } from './request-encoding.js';
import type { Target } from './target-url.js';

/**
 * The weighted request mix. Request n is decided by (seed, n) alone: the PRNG is reset to n, the
 * first draw picks the template (when there is more than one) and the builder gets the rest of
 * the same stream. So the same seed gives the same sequence whatever the timing, the drops or
 * the order in which virtual users get their turn.
 */
export interface MixEntry {
  readonly name: string;
  /** Index into the per-name statistics. */
  readonly index: number;
  readonly fixed: RequestSpec | undefined;
  readonly build: ((random: Random, sequence: number) => RequestSpec) | undefined;
  readonly check: ResponseCheck | undefined;
  /** Statuses counted as success although 4xx/5xx (undefined: none). */
  readonly expected: ReadonlySet<number> | undefined;
  /** HEAD responses carry no body whatever their headers say. */
  readonly noBody: boolean;
}

export class RequestMix {
  readonly entries: readonly MixEntry[];
  readonly random: Random;
  private readonly cumulative: Float64Array;
  private readonly total: number;
  /** False when one fixed template makes every request the same: the PRNG is then never touched. */
  readonly needsRandom: boolean;

  constructor(templates: readonly RequestTemplate[], seed: number) {
    this.random = new Random(seed);
    this.entries = templates.map((t, index) => {
      const fixed = typeof t.request === 'function' ? undefined : t.request;
      return {
        name: t.name,
        index,
        fixed,
        build: typeof t.request === 'function' ? t.request : undefined,
        check: t.check,
        expected: t.expectedStatuses && t.expectedStatuses.length > 0 ? new Set(t.expectedStatuses) : undefined,
        noBody: fixed !== undefined && (fixed.method ?? 'GET').toUpperCase() === 'HEAD',
      };
    });
    this.cumulative = new Float64Array(templates.length);
    let sum = 0;
    templates.forEach((t, i) => {
      sum += t.weight ?? 1;
      this.cumulative[i] = sum;
    });
    this.total = sum;
    this.needsRandom = templates.length > 1 || this.entries.some((e) => e.build !== undefined);
  }

  /** Resets the PRNG to request `sequence` and returns the chosen template's index. */
  choose(sequence: number): number {
    if (!this.needsRandom) return 0;
    this.random.reset(sequence);
    if (this.entries.length === 1) return 0;
    const x = this.random.float() * this.total;
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (x < (c[i] as number)) return i;
    return c.length - 1;
  }

  /** Whether the request last encoded was a HEAD (its response has no body whatever it says). */
  lastNoBody = false;

  /**
   * The bytes of request `sequence` for a target (call right after choose()). Fixed requests are
   * encoded once per target and kept in `cache`, indexed by entry.
   */
  encode(entry: MixEntry, sequence: number, target: Target, cache: (Buffer | undefined)[]): Buffer {
    this.lastNoBody = entry.noBody;
    if (entry.fixed) {
      let bytes = cache[entry.index];
      if (!bytes) {
        bytes = encodeRequest(entry.fixed, target);
        cache[entry.index] = bytes;
      }
      return bytes;
    }
    const spec = this.build(entry, sequence);
    this.lastNoBody = spec.method !== undefined && spec.method.toUpperCase() === 'HEAD';
    return encodeRequest(spec, target);
  }

  /** Runs a template's builder (call right after choose() so that it gets request n's stream). */
  build(entry: MixEntry, sequence: number): RequestSpec {
    if (entry.fixed) return entry.fixed;
    let spec: RequestSpec;
    try {
      spec = (entry.build as (random: Random, sequence: number) => RequestSpec)(this.random, sequence);
    } catch (cause) {
      throw new StampedeError(
        'STAMPEDE_LOAD_BAD_REQUEST',
        `request builder "${entry.name}" threw: ${(cause as Error)?.message ?? String(cause)}`,
        {
          hint: 'fix the builder: it runs once per request and must not throw',
          cause,
        },
      );
    }
    if (typeof spec !== 'object' || spec === null) {
      throw new StampedeError('STAMPEDE_LOAD_BAD_REQUEST', `request builder "${entry.name}" returned ${String(spec)}`, {
        hint: 'a builder returns { method?, path?, headers?, body? }',
      });
    }
    return spec;
  }
}

/** One request as it would be sent (without connection-specific headers). */
export interface PreviewedRequest {
  readonly sequence: number;
  readonly name: string;
  readonly method: string;
  readonly path: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/**
 * The first `count` requests a mix produces for a seed, without sending anything: for tests,
 * and for checking a scenario's mix by eye.
 */
export function previewRequests(templates: readonly RequestTemplate[], seed: number, count: number): PreviewedRequest[] {
  const mix = new RequestMix(templates, seed);
  const out: PreviewedRequest[] = [];
  for (let n = 0; n < count; n++) {
    const entry = mix.entries[mix.choose(n)] as MixEntry;
    const spec = mix.build(entry, n);
    out.push({
      sequence: n,
      name: entry.name,
      method: spec.method ?? 'GET',
      path: spec.path,
      headers: { ...spec.headers },
      body: spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : Buffer.from(spec.body).toString('utf8'),
    });
  }
  return out;
}

import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';

interface BaseOption {
  readonly description: string;
  /** Environment variable read when the flag is absent. */
  readonly env?: string;
  readonly placeholder?: string;
}
export interface BooleanOption extends BaseOption {
  readonly type: 'boolean';
}
export interface StringOption extends BaseOption {
  readonly type: 'string';
  readonly default?: string;
  readonly choices?: readonly string[];
}
export interface ListOption extends BaseOption {
  /** Repeatable string flag (`--header a --header b`). */
  readonly type: 'list';
}
export interface NumberOption extends BaseOption {
  readonly type: 'number';
  readonly default?: number;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}
export interface DurationOption extends BaseOption {
  /** Parsed to milliseconds: `500ms`, `20s`, `2m`, `1h`, or a bare number of seconds. */
  readonly type: 'duration';
  readonly default?: string;
  /** Bounds in milliseconds. */
  readonly min?: number;
  readonly max?: number;
}
export type OptionSpec = BooleanOption | StringOption | ListOption | NumberOption | DurationOption;
export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends ListOption
    ? string[]
    : S extends NumberOption | DurationOption
      ? S extends { default: number | string }
        ? number
        : number | undefined
      : S extends { default: string }
        ? string
        : string | undefined;

/** The typed result of parsing: one key per option, named as the flag in camelCase. */
export type ParsedOptions<T extends OptionTable> = { -readonly [K in keyof T & string as CamelCase<K>]: ValueOf<T[K]> };
type CamelCase<S extends string> = S extends `${infer H}-${infer R}` ? `${H}${Capitalize<CamelCase<R>>}` : S;

export interface ParsedArgs<T extends OptionTable> {
  readonly options: ParsedOptions<T>;
  readonly positionals: string[];
}

export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function usageError(message: string, hint: string): StampedeError {
  return new StampedeError('STAMPEDE_USAGE', message, { hint });
}

function convert(flag: string, spec: OptionSpec, raw: string, source: string): unknown {
  switch (spec.type) {
    case 'boolean': {
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off|)$/i.test(raw)) return false;
      throw usageError(`${source} expects true or false, got "${raw}"`, `pass --${flag} alone to switch it on`);
    }
    case 'string':
    case 'list':
      if (spec.type === 'string' && spec.choices && !spec.choices.includes(raw)) {
        throw usageError(`${source} must be one of ${spec.choices.join(', ')}, got "${raw}"`, `try --${flag} ${spec.choices[0]}`);
      }
      return raw;
    case 'number': {
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(n)) throw usageError(`${source} expects a number, got "${raw}"`, `for example --${flag} 10`);
      if (spec.integer && !Number.isInteger(n))
        throw usageError(`${source} expects a whole number, got "${raw}"`, `for example --${flag} 10`);
      if (spec.min !== undefined && n < spec.min) throw usageError(`${source} must be at least ${spec.min}, got ${n}`, `raise --${flag}`);
      if (spec.max !== undefined && n > spec.max) throw usageError(`${source} must be at most ${spec.max}, got ${n}`, `lower --${flag}`);
      return n;
    }
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === undefined)
        throw usageError(`${source} expects a duration like 500ms, 20s or 2m, got "${raw}"`, `for example --${flag} 30s`);
      // For durations, min and max are milliseconds.
      if (spec.min !== undefined && ms < spec.min)
        throw usageError(`${source} must be at least ${spec.min} ms, got "${raw}"`, `raise --${flag}`);
      if (spec.max !== undefined && ms > spec.max)
        throw usageError(`${source} must be at most ${spec.max} ms, got "${raw}"`, `lower --${flag}`);
      return ms;
    }
  }
}

/**
 * Pure argument parser driven by one option table (the same table renders --help).
 * Accepts `--flag value`, `--flag=value`, booleans as bare `--flag`, repeatable lists, and `--`
 * to end options. Values fall back to the environment, then to the table's default.
 */
export function parseArgs<T extends OptionTable>(
  argv: readonly string[],
  table: T,
  env: Readonly<Record<string, string | undefined>> = {},
): ParsedArgs<T> {
  const raw = new Map<string, unknown>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') {
        throw usageError(`unknown flag "${arg}"`, 'flags are long (--name); see --help');
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = table[flag];
    if (!spec) {
      throw usageError(`unknown flag --${flag}`, `see --help for the flags this command takes`);
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else if (spec.type === 'boolean') {
      value = 'true';
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw usageError(`--${flag} needs a value`, `for example --${flag} ${spec.placeholder ?? 'VALUE'}`);
      }
      value = next;
      i++;
    }
    const converted = convert(flag, spec, value, `--${flag}`);
    if (spec.type === 'list') {
      const list = (raw.get(flag) as string[] | undefined) ?? [];
      list.push(converted as string);
      raw.set(flag, list);
    } else {
      raw.set(flag, converted);
    }
  }
  const options: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(table)) {
    let value = raw.get(flag);
    if (value === undefined && spec.env !== undefined) {
      const fromEnv = env[spec.env];
      if (fromEnv !== undefined && fromEnv !== '') {
        value = convert(flag, spec, fromEnv, `${spec.env} (environment)`);
        if (spec.type === 'list') value = [value];
      }
    }
    if (value === undefined) {
      if (spec.type === 'boolean') value = false;
      else if (spec.type === 'list') value = [];
      else if (spec.type === 'duration' && spec.default !== undefined) value = parseDuration(spec.default);
      else if ('default' in spec) value = spec.default;
    }
    options[camelCase(flag)] = value;
  }
  return { options: options as ParsedOptions<T>, positionals };
}

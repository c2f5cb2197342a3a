import { badRequestBody } from './api-error.js';

/**
 * Request bodies decoded the way the real server's encoding/json does it, with its error texts
 * (`bad request body: json: cannot unmarshal string into Go struct field ...`), so that a client
 * that shows the server's message shows the same words against either server.
 */

type JsonKind = 'object' | 'array' | 'string' | 'number' | 'bool' | 'null';

export function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function quoteChar(ch: string | undefined): string {
  if (ch === undefined) return "'EOF'";
  if (ch === '\n') return "'\\n'";
  if (ch === '\t') return "'\\t'";
  if (ch === '\r') return "'\\r'";
  return `'${ch}'`;
}

/** Maps V8's JSON.parse message to the matching encoding/json scanner message. */
function syntaxMessage(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  const pos = m ? Number(m[1]) : -1;
  const ch = pos >= 0 ? text[pos] : undefined;
  const msg = err.message;
  if (/end of JSON input|Unterminated string/i.test(msg) || (pos >= 0 && ch === undefined)) return 'unexpected EOF';
  if (/Bad control character/i.test(msg)) return `invalid character ${quoteChar(ch)} in string literal`;
  if (/Bad escaped character/i.test(msg)) return `invalid character ${quoteChar(ch)} in string escape code`;
  if (/Expected property name/i.test(msg)) return `invalid character ${quoteChar(ch)} looking for beginning of object key string`;
  if (/after property name/i.test(msg)) return `invalid character ${quoteChar(ch)} after object key`;
  if (/after property value/i.test(msg)) return `invalid character ${quoteChar(ch)} after object key:value pair`;
  if (/after array element/i.test(msg)) return `invalid character ${quoteChar(ch)} after array element`;
  const token = /Unexpected token '?(.)/.exec(msg);
  return `invalid character ${quoteChar(ch ?? token?.[1])} looking for beginning of value`;
}

/**
 * Parses a body like json.Decoder.Decode: an empty body is `EOF`, and anything after the first
 * complete value is ignored (the decoder stops reading there).
 */
export function decodeBody(raw: unknown): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') throw badRequestBody('EOF');
  try {
    return JSON.parse(text);
  } catch (err) {
    const error = err as Error;
    const trailing = /non-whitespace character after JSON at position (\d+)/.exec(error.message);
    if (trailing) return decodeBody(text.slice(0, Number(trailing[1])));
    throw badRequestBody(syntaxMessage(text, error));
  }
}

function fieldError(kind: string, path: string, goType: string): never {
  throw badRequestBody(`json: cannot unmarshal ${kind} into Go struct field ${path} of type ${goType}`);
}

/** The top-level value has the wrong JSON type (an array where an object was due). */
export function valueTypeError(value: unknown, goType: string): never {
  throw badRequestBody(`json: cannot unmarshal ${jsonKind(value)} into Go value of type ${goType}`);
}

/**
 * Reads typed fields from a decoded object. Keys match exactly first, then case-insensitively (as
 * encoding/json does); `null` counts as absent (encoding/json leaves the field untouched).
 */
export class FieldReader {
  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    /** Go struct path used in messages, e.g. `Proxy` or `LatencyToxic.attributes`. */
    private readonly struct: string,
  ) {}

  static of(value: unknown, goType: string, struct: string): FieldReader {
    if (value === null || value === undefined) return new FieldReader({}, struct);
    if (jsonKind(value) !== 'object') valueTypeError(value, goType);
    return new FieldReader(value as Record<string, unknown>, struct);
  }

  raw(key: string): unknown {
    if (Object.hasOwn(this.fields, key)) return this.fields[key];
    const lower = key.toLowerCase();
    for (const k of Object.keys(this.fields)) if (k.toLowerCase() === lower) return this.fields[k];
    return undefined;
  }

  has(key: string): boolean {
    const value = this.raw(key);
    return value !== undefined && value !== null;
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') fieldError(jsonKind(value), `${this.struct}.${key}`, 'string');
    return value;
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') fieldError(jsonKind(value), `${this.struct}.${key}`, 'bool');
    return value;
  }

  /** A float32 field, rounded the way Go stores and prints it (0.1 stays `0.1`). */
  float32(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') fieldError(jsonKind(value), `${this.struct}.${key}`, 'float32');
    return toFloat32(value);
  }

  /** A whole-number field (Go int/int64): `1.5` is refused as encoding/json refuses it. */
  integer(key: string, goType: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') fieldError(jsonKind(value), `${this.struct}.${key}`, goType);
    if (!Number.isSafeInteger(value)) fieldError(`number ${String(value)}`, `${this.struct}.${key}`, goType);
    return value;
  }

  /** A nested object field; absent or null gives undefined. */
  object(key: string, goType: string): Record<string, unknown> | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (jsonKind(value) !== 'object') fieldError(jsonKind(value), `${this.struct}.${key}`, goType);
    return value as Record<string, unknown>;
  }
}

/** The shortest decimal that reads back as the same float32: what Go's encoder prints for a float32. */
export function toFloat32(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** JSON text as Go's encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

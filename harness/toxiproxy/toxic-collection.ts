import { apiErrors, badRequestBody } from './api-error.js';
import { decodeBody, FieldReader, jsonKind } from './go-json.js';
import { toxicRegistry } from './toxics/registry.js';
import type { ToxicDefinition } from './toxics/toxic.js';

/** `upstream` = client to server, `downstream` = server to client. */
export type Direction = 'upstream' | 'downstream';

/** One toxic of a proxy. Links keep a reference to it, so updates mutate it in place. */
export interface ToxicRecord {
  readonly name: string;
  readonly type: string;
  /** As the client spelled it (`Upstream` is accepted and echoed back, as the real server does). */
  readonly stream: string;
  readonly direction: Direction;
  toxicity: number;
  attributes: Record<string, number>;
  readonly definition: ToxicDefinition;
}

/** A link (one connection, one direction) that follows the chain of its direction. */
export interface ChainFollower {
  readonly direction: Direction;
  chainChanged(chain: readonly ToxicRecord[], removed: readonly ToxicRecord[]): void;
}

export function parseDirection(stream: string): Direction | undefined {
  const lower = stream.toLowerCase();
  return lower === 'upstream' || lower === 'downstream' ? lower : undefined;
}

/**
 * Reads a toxic's attributes from a request body onto `base` (absent keys keep the base value: 0
 * on create, the current value on update). Whole numbers only, as Go's int fields; negative values
 * are refused with a `bad request body` (the real server would run them as 0 or misbehave).
 */
export function readAttributes(definition: ToxicDefinition, raw: unknown, base: Readonly<Record<string, number>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const spec of definition.attributes) result[spec.name] = base[spec.name] ?? 0;
  if (raw === undefined || raw === null) return result;
  if (jsonKind(raw) !== 'object') {
    throw badRequestBody(
      `json: cannot unmarshal ${jsonKind(raw)} into Go struct field ToxicWrapper.attributes of type toxics.${definition.goStruct}`,
    );
  }
  const reader = new FieldReader(raw as Record<string, unknown>, `${definition.goStruct}.attributes`);
  for (const spec of definition.attributes) {
    const value = reader.integer(spec.name, spec.goType);
    if (value === undefined) continue;
    if (value < 0) throw badRequestBody(`attribute ${spec.name} must not be negative, got ${value}`);
    result[spec.name] = value;
  }
  return result;
}

/** The toxic as the API shows it: the real server's field order, every attribute present. */
export function toxicJson(record: ToxicRecord): Record<string, unknown> {
  const attributes: Record<string, number> = {};
  for (const spec of record.definition.attributes) attributes[spec.name] = record.attributes[spec.name] ?? 0;
  return { attributes, name: record.name, type: record.type, stream: record.stream, toxicity: record.toxicity };
}

/**
 * The toxics of one proxy: a chain per direction, in the order they were added. Every change is
 * pushed to the live links of that direction, which re-wire at once (toxics apply to connections
 * that are already open).
 */
export class ToxicCollection {
  private readonly chains: Record<Direction, ToxicRecord[]> = { upstream: [], downstream: [] };
  private readonly followers = new Set<ChainFollower>();

  chain(direction: Direction): readonly ToxicRecord[] {
    return this.chains[direction];
  }

  /** Upstream toxics first, then downstream, each in insertion order (the real server's listing). */
  list(): ToxicRecord[] {
    return [...this.chains.upstream, ...this.chains.downstream];
  }

  find(name: string): ToxicRecord | undefined {
    return this.chains.upstream.find((t) => t.name === name) ?? this.chains.downstream.find((t) => t.name === name);
  }

  follow(follower: ChainFollower): void {
    this.followers.add(follower);
  }

  unfollow(follower: ChainFollower): void {
    this.followers.delete(follower);
  }

  /** POST /proxies/{p}/toxics. Checks run in the real server's order: body, stream, type, name, attributes. */
  add(body: unknown): ToxicRecord {
    const reader = FieldReader.of(decodeBody(body), 'toxics.ToxicWrapper', 'ToxicWrapper');
    const type = reader.string('type') ?? '';
    const stream = reader.string('stream') ?? 'downstream';
    const toxicity = reader.float32('toxicity') ?? 1;
    const rawAttributes = reader.raw('attributes');
    if (rawAttributes !== undefined && rawAttributes !== null && jsonKind(rawAttributes) !== 'object') {
      throw badRequestBody(
        `json: cannot unmarshal ${jsonKind(rawAttributes)} into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic`,
      );
    }
    const direction = parseDirection(stream);
    if (direction === undefined) throw apiErrors.invalidStream;
    const name = reader.string('name') || `${type}_${stream}`;
    const definition = toxicRegistry.get(type);
    if (definition === undefined) throw apiErrors.invalidToxicType;
    if (this.find(name) !== undefined) throw apiErrors.toxicAlreadyExists;
    const attributes = readAttributes(definition, rawAttributes, {});
    const record: ToxicRecord = { name, type, stream, direction, toxicity, attributes, definition };
    this.chains[direction].push(record);
    this.notify(direction, []);
    return record;
  }

  /** PATCH (or POST) /proxies/{p}/toxics/{t}: only attributes (merged) and toxicity apply. */
  update(name: string, body: unknown): ToxicRecord {
    const record = this.find(name);
    if (record === undefined) throw apiErrors.toxicNotFound;
    const reader = FieldReader.of(decodeBody(body), 'struct { Attributes interface {}; Toxicity float32 }', '');
    const toxicity = reader.float32('toxicity') ?? record.toxicity;
    const attributes = readAttributes(record.definition, reader.raw('attributes'), record.attributes);
    record.toxicity = toxicity;
    record.attributes = attributes;
    this.notify(record.direction, []);
    return record;
  }

  remove(name: string): void {
    const record = this.find(name);
    if (record === undefined) throw apiErrors.toxicNotFound;
    const chain = this.chains[record.direction];
    chain.splice(chain.indexOf(record), 1);
    this.notify(record.direction, [record]);
  }

  /** POST /reset: every toxic goes, live links re-wire once per direction. */
  reset(): void {
    for (const direction of ['upstream', 'downstream'] as const) {
      const removed = this.chains[direction];
      if (removed.length === 0) continue;
      this.chains[direction] = [];
      this.notify(direction, removed);
    }
  }

  private notify(direction: Direction, removed: readonly ToxicRecord[]): void {
    const chain = this.chains[direction];
    for (const follower of [...this.followers]) {
      if (follower.direction === direction) follower.chainChanged(chain, removed);
    }
  }
}

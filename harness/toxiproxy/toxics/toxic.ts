import type { Random } from '../prng.js';

/** Where a toxic sends what it lets through: the next toxic of the chain, or the destination socket. */
export interface ToxicOutput {
  push(chunk: Buffer): void;
  /** The stream is over once everything pushed so far is delivered; the link then closes. */
  end(): void;
  /** Bytes the toxic discards, so that the link's backpressure count stays exact. */
  drop(bytes: number): void;
  /** Closes both sides of the connection with a TCP RST (reset_peer). */
  reset(): void;
}

/** One toxic running on one link (one connection, one direction). */
export interface ToxicStage {
  write(chunk: Buffer): void;
  /** The input ended (the source closed, or an earlier toxic closed the stream). */
  end(): void;
  /**
   * Stops the toxic's timers and hands back what it holds, oldest first. Called when the link's
   * chain changes: the link sends that data at once, like the real server's interrupted toxics
   * ("don't drop any data on the floor").
   */
  stop(): Buffer[];
}

export interface AttributeSpec {
  readonly name: string;
  /** The Go field type, named in type errors exactly as the real server names it. */
  readonly goType: 'int' | 'int64';
}

export type ToxicAttributes = Readonly<Record<string, number>>;

export interface ToxicContext {
  /** The link's own generator for jitter and slice sizes (apart from its toxicity rolls). */
  readonly random: Random;
  /** Per-link state kept across chain changes (limit_data's byte count), from newState(). */
  readonly state: unknown;
}

/** A toxic type, registered by name in registry.ts (like toxiproxy's `toxics/*.go`). */
export interface ToxicDefinition {
  readonly type: string;
  /** The Go struct name (`LatencyToxic`), for error messages that match the real server's. */
  readonly goStruct: string;
  /** Every attribute; absent ones default to 0 as Go's zero values do. */
  readonly attributes: readonly AttributeSpec[];
  /**
   * Removing this toxic closes the links it was active on. The real server does this for timeout
   * (its Cleanup closes the stub): those links dropped data, so they cannot carry on as if nothing
   * happened.
   */
  readonly closeOnRemove?: boolean;
  newState?(): unknown;
  create(attributes: ToxicAttributes, out: ToxicOutput, context: ToxicContext): ToxicStage;
}

/** The longest delay a Node timer takes; longer ones would fire at once with a warning. */
const maxTimerMs = 2_147_483_647;

/** setTimeout with the delay clamped to what Node timers accept. */
export function timer(fn: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(fn, Math.min(Math.max(0, ms), maxTimerMs));
}

export function attribute(attributes: ToxicAttributes, name: string): number {
  return attributes[name] ?? 0;
}

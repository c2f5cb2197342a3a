import type { Socket } from 'node:net';
import type { Random } from './prng.js';
import type { ChainFollower, Direction, ToxicRecord } from './toxic-collection.js';
import type { ToxicOutput, ToxicStage } from './toxics/toxic.js';

/** Bytes held in toxics plus the destination's write buffer before the source is paused. */
const highWaterMark = 1024 * 1024;
/** ...and the level at which it reads again. */
const lowWaterMark = 256 * 1024;

export interface ByteCounters {
  received: number;
  sent: number;
}

/** What a link tells its connection. */
export interface LinkOwner {
  linkFinished(link: Link): void;
  /** A reset_peer toxic fired: both sockets close with a TCP RST. */
  reset(): void;
}

interface Slot {
  readonly record: ToxicRecord;
  readonly state: unknown;
  stage: ToxicStage | null;
  inputEnded: boolean;
}

/**
 * One direction of one connection: source socket -> toxics -> destination socket.
 *
 * With no active toxic the link is a plain pipe (write, pause on a full buffer, resume on drain),
 * with no per-chunk timer or promise. With toxics, chunks go through the chain of stages and the
 * source is paused while more than `highWaterMark` bytes are held, so nothing buffers without
 * bound. Toxicity is rolled for each toxic when the link starts and again on every chain change.
 */
export class Link implements ChainFollower {
  private slots: Slot[] = [];
  private active: Slot[] = [];
  /** Bytes inside the chain: entered and not yet written to the destination or dropped. */
  private inflight = 0;
  private paused = false;
  private sourceDone = false;
  /** The stream is closing (the source ended, or a toxic ended it): re-issued after a re-wire. */
  private endRequested = false;
  private finished = false;
  /** Bumped on every re-wire, so that a stopped stage can never reach the new chain. */
  private generation = 0;

  constructor(
    readonly direction: Direction,
    private readonly source: Socket,
    private readonly dest: Socket,
    private readonly owner: LinkOwner,
    private readonly rolls: Random,
    private readonly random: Random,
    private readonly counters: ByteCounters | null,
  ) {}

  start(chain: readonly ToxicRecord[]): void {
    this.build(chain);
    this.source.on('data', this.onData);
    this.source.on('end', this.onEnd);
    this.dest.on('drain', this.relieve);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  chainChanged(chain: readonly ToxicRecord[], removed: readonly ToxicRecord[]): void {
    if (this.finished) return;
    const closeNow = removed.some((r) => r.definition.closeOnRemove && this.active.some((s) => s.record === r));
    // The last stage holds the oldest data: hand it over first so that order is kept.
    const held: Buffer[] = [];
    for (let i = this.active.length - 1; i >= 0; i--) held.push(...((this.active[i] as Slot).stage?.stop() ?? []));
    this.generation++;
    for (const chunk of held) this.toSink(chunk);
    this.inflight = 0;
    this.build(chain);
    if (closeNow) this.endRequested = true;
    if (this.endRequested) this.endAt(0);
    this.relieve();
  }

  /** The other direction finished: like the real server, this side stops reading and closes too. */
  sourceGone(): void {
    if (this.sourceDone || this.finished) return;
    this.stopReading();
    this.endRequested = true;
    this.endAt(0);
  }

  /** Stops every toxic timer; held data is dropped (the connection is going away). */
  dispose(): void {
    this.generation++;
    for (const slot of this.active) slot.stage?.stop();
    this.active = [];
    this.finished = true;
    this.stopReading();
    this.dest.off('drain', this.relieve);
  }

  private build(chain: readonly ToxicRecord[]): void {
    const previous = new Map(this.slots.map((s) => [s.record, s]));
    this.slots = chain.map((record) => ({
      record,
      state: previous.has(record) ? previous.get(record)?.state : record.definition.newState?.(),
      stage: null,
      inputEnded: false,
    }));
    this.active = this.slots.filter((slot) => this.rolls() < slot.record.toxicity);
    const generation = this.generation;
    this.active.forEach((slot, index) => {
      slot.stage = slot.record.definition.create(slot.record.attributes, this.outputOf(index, generation), {
        random: this.random,
        state: slot.state,
      });
    });
  }

  private outputOf(index: number, generation: number): ToxicOutput {
    return {
      push: (chunk) => {
        if (this.generation === generation) this.deliver(index + 1, chunk);
      },
      end: () => {
        if (this.generation !== generation) return;
        this.endRequested = true;
        this.endAt(index + 1);
      },
      drop: (bytes) => {
        if (this.generation !== generation) return;
        this.inflight -= bytes;
        this.relieve();
      },
      reset: () => {
        if (this.generation === generation) this.owner.reset();
      },
    };
  }

  private readonly onData = (chunk: Buffer): void => {
    const counters = this.counters;
    if (counters) counters.received += chunk.length;
    if (this.active.length === 0) {
      if (counters) counters.sent += chunk.length;
      if (!this.dest.write(chunk)) this.pause();
      return;
    }
    this.inflight += chunk.length;
    this.deliver(0, chunk);
    if (!this.paused && this.inflight + this.dest.writableLength > highWaterMark) this.pause();
  };

  private readonly onEnd = (): void => {
    this.sourceDone = true;
    this.endRequested = true;
    this.endAt(0);
  };

  private deliver(index: number, chunk: Buffer): void {
    const slot = this.active[index];
    if (slot === undefined) this.toSink(chunk);
    else if (slot.inputEnded || slot.stage === null) {
      this.inflight -= chunk.length;
      this.relieve();
    } else slot.stage.write(chunk);
  }

  /** The input of stage `index` ends (past the last stage: the destination closes). */
  private endAt(index: number): void {
    const slot = this.active[index];
    if (slot === undefined) {
      this.finish();
      return;
    }
    if (slot.inputEnded) return;
    slot.inputEnded = true;
    slot.stage?.end();
  }

  private toSink(chunk: Buffer): void {
    this.inflight -= chunk.length;
    if (this.finished) return;
    if (this.counters) this.counters.sent += chunk.length;
    this.dest.write(chunk);
  }

  private finish(): void {
    if (this.finished) return;
    this.dispose();
    if (!this.dest.destroyed) this.dest.end();
    this.owner.linkFinished(this);
  }

  private stopReading(): void {
    this.sourceDone = true;
    this.source.off('data', this.onData);
    this.source.off('end', this.onEnd);
    if (!this.source.destroyed) this.source.pause();
  }

  private pause(): void {
    this.paused = true;
    this.source.pause();
  }

  private readonly relieve = (): void => {
    if (!this.paused || this.inflight + this.dest.writableLength > lowWaterMark) return;
    this.paused = false;
    if (!this.sourceDone) this.source.resume();
  };
}

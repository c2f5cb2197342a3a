import { type ToxicOutput, timer } from './toxic.js';

/**
 * A queue of chunks with a due time each, O(1) at both ends (Array#shift is O(n) on long queues).
 * Toxics that hold data (latency, bandwidth, slicer) keep it here, in arrival order.
 */
export class TimedQueue {
  private chunks: Buffer[] = [];
  private due: number[] = [];
  private head = 0;

  get size(): number {
    return this.chunks.length - this.head;
  }

  push(chunk: Buffer, due: number): void {
    this.chunks.push(chunk);
    this.due.push(due);
  }

  /** Due time of the oldest chunk (call only when size > 0). */
  peekDue(): number {
    return this.due[this.head] as number;
  }

  shift(): Buffer {
    const chunk = this.chunks[this.head] as Buffer;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  /** Empties the queue, oldest first. */
  drain(): Buffer[] {
    const rest = this.chunks.slice(this.head);
    this.chunks = [];
    this.due = [];
    this.head = 0;
    return rest;
  }
}

/**
 * Chunks that each go out at their own due time (latency, bandwidth): one timer serves the whole
 * queue, chunks keep their order, and the end of the stream waits for what is still held.
 */
export class DueRelease {
  private readonly queue = new TimedQueue();
  private pending: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly out: ToxicOutput) {}

  get size(): number {
    return this.queue.size;
  }

  /** Holds `chunk` until `due` (performance.now() milliseconds). */
  push(chunk: Buffer, due: number): void {
    this.queue.push(chunk, due);
  }

  /** Arms the timer for the oldest held chunk unless it is already armed. */
  arm(now: number): void {
    if (this.pending === null && this.queue.size > 0) this.pending = timer(this.release, Math.ceil(this.queue.peekDue() - now));
  }

  // Node timers have 1 ms resolution: a chunk due within the next millisecond goes now rather
  // than costing another timer turn.
  private readonly release = () => {
    this.pending = null;
    const now = performance.now();
    while (this.queue.size > 0 && this.queue.peekDue() <= now + 1) this.out.push(this.queue.shift());
    if (this.queue.size > 0) this.arm(now);
    else if (this.ended) this.out.end();
  };

  end(): void {
    this.ended = true;
    if (this.queue.size === 0) this.out.end();
  }

  /** Stops the timer and hands back everything held, oldest first. */
  stop(): Buffer[] {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    return this.queue.drain();
  }
}

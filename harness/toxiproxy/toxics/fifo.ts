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

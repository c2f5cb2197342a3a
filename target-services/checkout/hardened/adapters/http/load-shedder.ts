export type WorkClass = 'checkout' | 'read';

/**
 * At most N requests of each class in flight per instance; the rest are refused at once (429)
 * instead of queueing in memory and in the pool, where they would only wait long enough to time
 * out and take the requests behind them down too. Checkouts and reads are counted apart, so a
 * burst of order-page refreshes cannot starve the purchases (or the other way round).
 */
export class LoadShedder {
  readonly #limits: Readonly<Record<WorkClass, number>>;
  readonly #inFlight: Record<WorkClass, number> = { checkout: 0, read: 0 };

  constructor(limits: Readonly<Record<WorkClass, number>>) {
    this.#limits = limits;
  }

  limit(kind: WorkClass): number {
    return this.#limits[kind];
  }

  /** A release function when there is room, null when the request must be shed. */
  tryEnter(kind: WorkClass): (() => void) | null {
    if (this.#inFlight[kind] >= this.#limits[kind]) return null;
    this.#inFlight[kind]++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight[kind]--;
    };
  }
}

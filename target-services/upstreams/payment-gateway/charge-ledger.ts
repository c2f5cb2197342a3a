import type { GatewayLedger, LedgerEntry, LedgerTotals } from './gateway-contract.js';

interface MutableTotals {
  attempts: number;
  charges: number;
  chargedCents: number;
  unkeyedCharges: number;
  replays: number;
  keyReused: number;
}

const zero = (): MutableTotals => ({ attempts: 0, charges: 0, chargedCents: 0, unkeyedCharges: 0, replays: 0, keyReused: 0 });

/**
 * Every charge attempt the gateway processed, in order: the ground truth a scenario compares
 * what the services and their clients believe with. Totals are kept as entries arrive, so a
 * totals-only read costs nothing however long the sale ran.
 */
export class ChargeLedger {
  #entries: LedgerEntry[] = [];
  #totals: MutableTotals = zero();

  record(entry: Omit<LedgerEntry, 'seq'>): LedgerEntry {
    const full: LedgerEntry = { seq: this.#entries.length + 1, ...entry };
    this.#entries.push(full);
    const totals = this.#totals;
    totals.attempts++;
    switch (full.result) {
      case 'charged':
        totals.charges++;
        totals.chargedCents += full.amountCents;
        if (full.idempotencyKey === null) totals.unkeyedCharges++;
        break;
      case 'replayed':
        totals.replays++;
        break;
      case 'key-reused':
        totals.keyReused++;
        break;
    }
    return full;
  }

  totals(): LedgerTotals {
    return { ...this.#totals };
  }

  snapshot(withEntries = true): GatewayLedger {
    return withEntries ? { totals: this.totals(), entries: this.#entries } : { totals: this.totals() };
  }

  reset(): void {
    this.#entries = [];
    this.#totals = zero();
  }
}

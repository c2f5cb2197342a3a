import type { MapLedger } from './map-api-contract.js';

/** The map API's own count of what it was asked: the ground truth the harness compares with. */
export class Ledger {
  #calls = 0;
  #inFlight = 0;
  #maxInFlight = 0;
  #callsAvoidingTunnels = 0;
  #openConnections = 0;
  #maxOpenConnections = 0;

  requestStarted(): void {
    this.#inFlight++;
    if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
  }

  requestEnded(): void {
    this.#inFlight--;
  }

  routed(avoided: boolean): void {
    this.#calls++;
    if (avoided) this.#callsAvoidingTunnels++;
  }

  connectionOpened(): void {
    this.#openConnections++;
    if (this.#openConnections > this.#maxOpenConnections) this.#maxOpenConnections = this.#openConnections;
  }

  connectionClosed(): void {
    this.#openConnections--;
  }

  /** Zeroes the counters; what is open or in flight now stays counted (and becomes the new max). */
  reset(): void {
    this.#calls = 0;
    this.#callsAvoidingTunnels = 0;
    this.#maxInFlight = this.#inFlight;
    this.#maxOpenConnections = this.#openConnections;
  }

  snapshot(): MapLedger {
    return {
      calls: this.#calls,
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      callsAvoidingTunnels: this.#callsAvoidingTunnels,
      openConnections: this.#openConnections,
      maxOpenConnections: this.#maxOpenConnections,
    };
  }
}

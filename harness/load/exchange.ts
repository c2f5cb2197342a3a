import type { ResponseParser } from './response-parser.js';

/**
 * One request from the moment it is dispatched until it settles (response, failure, or abandoned
 * at an interrupt). A plain class with every field set in the constructor keeps one hidden class
 * on the hot path.
 */
export class Exchange {
  /** performance.now() when written to the socket; 0 while queued or connecting. */
  sentAt = 0;
  settled = false;

  constructor(
    readonly sequence: number,
    /** Index of the mix entry (and of its per-name statistics). */
    readonly entry: number,
    /** performance.now() at which the plan wanted it sent. */
    readonly intendedAt: number,
    readonly dispatchedAt: number,
    readonly deadline: number,
    readonly bytes: Buffer,
    /** Keep headers and body for a response check. */
    readonly detail: boolean,
    readonly noBody: boolean,
    readonly stage: number,
    /** The virtual user that issued it (closed model), -1 in the open model. */
    readonly vu: number,
    /** Index of the target pool it went to. */
    readonly pool: number,
  ) {}
}

/** Receives what happens to exchanges; the load runner implements it. */
export interface ExchangeSink {
  /** The request bytes were handed to the socket. */
  sent(exchange: Exchange): void;
  /** A complete response: the parser still holds its status, headers and body. */
  responded(exchange: Exchange, parser: ResponseParser, now: number): void;
  /** The request failed with an error kind (see error-kinds.ts). */
  failed(exchange: Exchange, kind: number, now: number): void;
  /** After responded/failed, once the connection has been handed on: the closed model's next turn. */
  settled(exchange: Exchange): void;
  /** A socket was closed for good (used to resolve only when none is left). */
  socketClosed(): void;
}

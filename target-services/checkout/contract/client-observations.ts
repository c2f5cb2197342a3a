import { echoedKeyHeader, type OrderStatus, soldOutCode } from './http-contract.js';

/**
 * What one answer told the customer about their checkout:
 * - an order status (`confirmed`, `pending`, `failed`) from a checkout answer or the order page;
 * - `failed` too for an error answer that reports a failed payment or a broken checkout (5xx,
 *   402, 502): the customer sees "something went wrong, your order did not go through";
 * - `sold-out` for 409 SOLD_OUT;
 * - `retry-later` for answers that promise nothing about the order (429, 409 in progress,
 *   503 with retry-after): they are not the customer's last word on it.
 */
export type Told = OrderStatus | 'sold-out' | 'retry-later';

export interface Answer {
  /** Order of arrival at the client, over the whole run. */
  readonly seq: number;
  readonly told: Told;
  readonly httpStatus: number;
  readonly code?: string;
  readonly via: 'checkout' | 'order-page';
}

/** The minimum of a response a recorder needs (the load engine's ResponseView fits). */
export interface SeenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const statuses: readonly string[] = ['pending', 'confirmed', 'failed'];

/** What an answer tells the customer, by status code and body. */
export function toldBy(status: number, body: Record<string, unknown> | undefined, headers: Readonly<Record<string, string>>): Told {
  if (status >= 200 && status < 300) {
    const told = body?.status;
    return typeof told === 'string' && statuses.includes(told) ? (told as OrderStatus) : 'failed';
  }
  if (status === 409 && body?.code === soldOutCode) return 'sold-out';
  if (status === 429 || status === 409 || (status === 503 && headers['retry-after'] !== undefined)) return 'retry-later';
  return 'failed';
}

/**
 * The client side of a sale: every checkout key sent, every answer received about it (checkout
 * answers carry the key in the `idempotency-key` header; order-page answers are tied to it
 * through the order id a checkout answer gave), and the counts the error budget needs. A scenario
 * records into it from its request builders and response checks; invariants read it afterwards.
 */
export class ClientObservations {
  #seq = 0;
  readonly #answers = new Map<string, Answer[]>();
  readonly #keyOfOrder = new Map<string, string>();
  readonly #orders: string[] = [];
  readonly #sentKeys = new Set<string>();
  /** Requests handed to the load engine, and responses that came back (any status). */
  requests = 0;
  responses = 0;
  soldOut = 0;
  /** Complete answers that were errors, sold-out ones excluded; by `status code` text. */
  readonly errorAnswers = new Map<string, number>();

  /** A request of any kind is about to be sent. */
  sent(checkoutKey?: string): void {
    this.requests++;
    if (checkoutKey !== undefined) this.#sentKeys.add(checkoutKey);
  }

  /** A `POST /checkout` answer came back. */
  checkoutAnswered(response: SeenResponse): void {
    const body = this.#count(response);
    const key = response.headers[echoedKeyHeader];
    if (key === undefined) return;
    const told = toldBy(response.status, body, response.headers);
    const orderId = typeof body?.orderId === 'string' ? body.orderId : undefined;
    if (orderId !== undefined && !this.#keyOfOrder.has(orderId)) {
      this.#keyOfOrder.set(orderId, key);
      this.#orders.push(orderId);
    }
    this.#remember(key, told, response, body, 'checkout');
  }

  /** A `GET /orders/:id` answer came back. */
  orderPageAnswered(response: SeenResponse): void {
    const body = this.#count(response);
    const orderId = typeof body?.orderId === 'string' ? body.orderId : undefined;
    const key = orderId === undefined ? undefined : this.#keyOfOrder.get(orderId);
    // An error page names no order: it says nothing about one (and is counted as an error above).
    if (key === undefined || response.status !== 200) return;
    this.#remember(key, toldBy(response.status, body, response.headers), response, body, 'order-page');
  }

  /** Any other answer (product pages). */
  otherAnswered(response: SeenResponse): void {
    this.#count(response);
  }

  /** Order ids the client has learnt, oldest first (the order page polls among the recent ones). */
  knownOrders(): readonly string[] {
    return this.#orders;
  }

  /** Every answer about a checkout key, in arrival order. */
  answersFor(key: string): readonly Answer[] {
    return this.#answers.get(key) ?? [];
  }

  /**
   * The customer's last word on a checkout: the latest answer that said something about the
   * order (retry-later answers do not), else the latest retry-later, else undefined (never
   * answered at all: every attempt timed out or was cut).
   */
  lastWord(key: string): Answer | undefined {
    const answers = this.answersFor(key);
    for (let i = answers.length - 1; i >= 0; i--) if ((answers[i] as Answer).told !== 'retry-later') return answers[i];
    return answers[answers.length - 1];
  }

  wasSent(key: string): boolean {
    return this.#sentKeys.has(key);
  }

  #count(response: SeenResponse): Record<string, unknown> | undefined {
    this.responses++;
    const body = parse(response.body);
    if (response.status === 409 && body?.code === soldOutCode) this.soldOut++;
    else if (response.status >= 400) {
      const label = `${response.status} ${typeof body?.code === 'string' ? body.code : ''}`.trim();
      this.errorAnswers.set(label, (this.errorAnswers.get(label) ?? 0) + 1);
    }
    return body;
  }

  #remember(key: string, told: Told, response: SeenResponse, body: Record<string, unknown> | undefined, via: Answer['via']): void {
    const answer: Answer = {
      seq: ++this.#seq,
      told,
      httpStatus: response.status,
      ...(typeof body?.code === 'string' ? { code: body.code } : {}),
      via,
    };
    const list = this.#answers.get(key);
    if (list) list.push(answer);
    else this.#answers.set(key, [answer]);
  }
}

/** A charge request: the key makes repeating it safe (the gateway answers the first charge again). */
export interface ChargeCommand {
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly idempotencyKey: string;
  readonly correlationId: string;
}

export interface PaymentGateway {
  /** Returns the charge id; throws an ApplicationError (GATEWAY_*) when the gateway fails. */
  charge(command: ChargeCommand, signal?: AbortSignal): Promise<{ readonly chargeId: string; readonly replayed: boolean }>;
}

/** Thrown by the routing module when an assignment cannot be completed. */
export class RoutingException extends Error {
  override readonly name = 'RoutingException';
  readonly code = 'ROUTING_FAILED';
}

/** Thrown when a truck id does not exist. */
export class TruckNotFoundException extends Error {
  override readonly name = 'TruckNotFoundException';
  readonly code = 'TRUCK_NOT_FOUND';
  readonly statusCode = 404;

  constructor(truckId: number) {
    super(`Truck ${truckId} not found`);
  }
}

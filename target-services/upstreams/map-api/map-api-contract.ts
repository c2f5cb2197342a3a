/**
 * The fake map API's HTTP contract, shared by its server, the services that call it and the
 * harness (which reads the ledger as ground truth for upstream call amplification).
 */

export const mapApiRoutes = {
  route: '/route',
  ledger: '/ledger',
  ledgerReset: '/ledger/reset',
} as const;

export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

/** `POST /route` body. */
export interface RouteRequest {
  readonly truckId: string | number;
  readonly from: Coordinates;
  readonly to: Coordinates;
  /** Tunnel ids the route must not use; the map detours around them (a longer route). */
  readonly avoid?: readonly string[];
}

export interface MapSegment {
  readonly id: string;
  readonly kind: 'road' | 'tunnel';
  readonly tunnelId?: string;
  readonly minutes: number;
}

/** `POST /route` answer: `routeId` is unique per call, everything else depends only on the request. */
export interface RouteResponse {
  readonly routeId: string;
  readonly durationMinutes: number;
  readonly segments: readonly MapSegment[];
}

/** `GET /ledger` answer: what the map API saw since start or the last `POST /ledger/reset`. */
export interface MapLedger {
  /** `POST /route` requests answered with a route. */
  readonly calls: number;
  /** `POST /route` requests received and not yet answered. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Calls that passed a non-empty `avoid` list. */
  readonly callsAvoidingTunnels: number;
  /** TCP connections open now, and the most at once: an unbounded caller opens one per call. */
  readonly openConnections: number;
  readonly maxOpenConnections: number;
}

const coordinatesSchema = {
  type: 'object',
  required: ['lat', 'lng'],
  properties: {
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lng: { type: 'number', minimum: -180, maximum: 180 },
  },
} as const;

export const routeRequestSchema = {
  type: 'object',
  required: ['truckId', 'from', 'to'],
  properties: {
    truckId: { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'integer' }] },
    from: coordinatesSchema,
    to: coordinatesSchema,
    avoid: { type: 'array', maxItems: 256, items: { type: 'string', minLength: 1, maxLength: 64 } },
  },
} as const;

export const routeResponseSchema = {
  type: 'object',
  required: ['routeId', 'durationMinutes', 'segments'],
  properties: {
    routeId: { type: 'string' },
    durationMinutes: { type: 'integer' },
    segments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'minutes'],
        properties: {
          id: { type: 'string' },
          kind: { type: 'string' },
          tunnelId: { type: 'string' },
          minutes: { type: 'integer' },
        },
      },
    },
  },
} as const;

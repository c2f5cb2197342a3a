/**
 * route-optimizer's HTTP contract: the same for the naive and the hardened variant, and what the
 * scenarios build requests from and check answers against.
 */

export const routeOptimizerRoutes = {
  /** Bulk: every truck of the region gets a new route to the destination. */
  reassignRegion: '/regions/:region/reassign',
  /** One truck (the story's `calculateHazmatRouteAndEta`). */
  assignTruck: '/trucks/:id/route',
  getTruck: '/trucks/:id',
  healthz: '/healthz',
  metrics: '/metrics',
} as const;

/** Concrete paths for a client. */
export const routeOptimizerPaths = {
  reassignRegion: (region: string) => `/regions/${encodeURIComponent(region)}/reassign`,
  assignTruck: (truckId: number) => `/trucks/${truckId}/route`,
  getTruck: (truckId: number) => `/trucks/${truckId}`,
} as const;

export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

/** Body of both assignment routes. */
export interface AssignRouteBody {
  readonly destination: Coordinates;
}

export interface RegionParams {
  readonly region: string;
}

export interface TruckParams {
  readonly id: number;
}

/**
 * An acknowledged assignment: the service says it wrote this route as this version of the truck.
 * Two acknowledgements of one truck with the same version mean one was silently overwritten.
 */
export interface Acknowledgement {
  readonly truckId: number;
  readonly version: number;
  readonly routeId: string;
}

/** 200 of `POST /regions/:region/reassign`. */
export interface ReassignRegionResponse {
  readonly region: string;
  readonly assigned: readonly Acknowledgement[];
  /** Trucks whose row changed while their route was computed: not written, not acknowledged. */
  readonly conflicts?: number;
  /** Trucks the map could not route in time or safely: not written, not acknowledged. */
  readonly unrouted?: number;
}

/** 200 of `POST /trucks/:id/route`. */
export interface AssignTruckResponse extends Acknowledgement {
  readonly etaMinutes: number;
  readonly hazmat: boolean;
}

export interface RouteSegment {
  readonly id: string;
  readonly kind: 'road' | 'tunnel';
  readonly tunnelId?: string;
  readonly minutes: number;
}

/** 200 of `GET /trucks/:id`: the row. */
export interface TruckView {
  readonly id: number;
  readonly region: string;
  readonly lat: number;
  readonly lng: number;
  readonly hazmat: boolean;
  readonly routeId: string | null;
  readonly route: readonly RouteSegment[] | null;
  readonly etaMinutes: number | null;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * Every non-2xx answer. `code` is the SQLSTATE when the database refused (`40P01`, `53300`,
 * `08P01`, ...), otherwise a stable service code (`ROUTE_OPTIMIZER_OVERLOADED`, ...); `detail` is
 * the server's detail line when there is one (for 40P01: "Process ... waits for ShareLock on
 * transaction ...").
 */
export interface ErrorBody {
  readonly error: string;
  readonly code?: string;
  readonly detail?: string;
}

const coordinatesSchema = {
  type: 'object',
  required: ['lat', 'lng'],
  properties: {
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lng: { type: 'number', minimum: -180, maximum: 180 },
  },
} as const;

/** Fastify `schema.body` of both assignment routes (bad input: 400). */
export const assignRouteBodySchema = {
  type: 'object',
  required: ['destination'],
  properties: { destination: coordinatesSchema },
} as const;

export const regionParamsSchema = {
  type: 'object',
  required: ['region'],
  properties: { region: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } },
} as const;

export const truckParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
} as const;

const acknowledgementProperties = {
  truckId: { type: 'integer' },
  version: { type: 'integer' },
  routeId: { type: 'string' },
} as const;

/** Response schemas (Fastify serialises with them, which is also faster than JSON.stringify). */
export const reassignRegionResponseSchema = {
  type: 'object',
  required: ['region', 'assigned'],
  properties: {
    region: { type: 'string' },
    assigned: {
      type: 'array',
      items: { type: 'object', required: ['truckId', 'version', 'routeId'], properties: acknowledgementProperties },
    },
    conflicts: { type: 'integer' },
    unrouted: { type: 'integer' },
  },
} as const;

export const assignTruckResponseSchema = {
  type: 'object',
  required: ['truckId', 'version', 'routeId', 'etaMinutes', 'hazmat'],
  properties: { ...acknowledgementProperties, etaMinutes: { type: 'integer' }, hazmat: { type: 'boolean' } },
} as const;

export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, code: { type: 'string' }, detail: { type: 'string' } },
} as const;

export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

/** What the routing rules need to know about a truck, at the version they read it. */
export interface Truck {
  readonly id: number;
  readonly region: string;
  readonly location: Coordinates;
  readonly hazmat: boolean;
  /** The row version this snapshot was read at; a write must find it unchanged. */
  readonly version: number;
}

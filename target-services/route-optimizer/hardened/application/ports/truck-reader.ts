import type { TruckView } from '../../../contract/http-contract.js';

/** The read side: a truck as the API shows it. */
export interface TruckReader {
  findView(truckId: number): Promise<TruckView | null>;
}

import type { TruckView } from '../../contract/http-contract.js';
import { ApplicationError } from './application-error.js';
import type { TruckReader } from './ports/truck-reader.js';

/** `GET /trucks/:id`: the row as the API shows it. */
export async function getTruck(reader: TruckReader, truckId: number): Promise<TruckView> {
  const view = await reader.findView(truckId);
  if (!view) throw new ApplicationError('ROUTE_OPTIMIZER_TRUCK_NOT_FOUND', `truck ${truckId} does not exist`);
  return view;
}

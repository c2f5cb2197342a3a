import { assertDrivingMinutes } from './route-plan.js';
import type { Truck } from './truck.js';

/** Hazmat drivers rest this long ... */
export const hazmatBreakMinutes = 120;
/** ... after every full block of this much driving. */
export const hazmatDrivingBlockMinutes = 240;

/**
 * Rest breaks a hazmat truck owes on a trip of `drivingMinutes`: one per FULL 4 h of driving.
 *
 * A trip of exactly 240 minutes owes one break (the rule of source 001, `Math.floor(d / 240)`).
 * A regulator's reading ("rest before driving past 4 h") would not count a block that ends on
 * arrival; dispatch's ETA, though, is when the truck is free for its next job, and a driver who
 * has just completed a full block must take the break before that. We keep the story's rule.
 */
export function restBreaksOwed(drivingMinutes: number): number {
  assertDrivingMinutes(drivingMinutes, 'driving time');
  return Math.floor(drivingMinutes / hazmatDrivingBlockMinutes);
}

/** ETA in minutes: the driving time, plus the mandatory breaks for a hazmat truck. */
export function finalEtaMinutes(drivingMinutes: number, truck: Pick<Truck, 'hazmat'>): number {
  assertDrivingMinutes(drivingMinutes, 'driving time');
  return truck.hazmat ? drivingMinutes + restBreaksOwed(drivingMinutes) * hazmatBreakMinutes : drivingMinutes;
}

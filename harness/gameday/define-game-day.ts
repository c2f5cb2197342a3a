import type { GameDayPlan } from './plan-types.js';

/**
 * Declares a game day plan. Typed for the author and validated when the plan loads (see
 * validateGameDay), so a plan written in plain JavaScript is refused with the path of its bad field.
 */
export function defineGameDay(plan: GameDayPlan): GameDayPlan {
  return plan;
}

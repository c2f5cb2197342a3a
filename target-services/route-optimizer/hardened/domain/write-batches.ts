/**
 * Splits writes into batches whose rows are sorted by id, batch after batch. Every writer that
 * locks rows batch by batch in this order acquires them in one global order, so two writers can
 * wait for each other but never in a cycle: no deadlock.
 */
export function writeBatches<T extends { readonly truckId: number }>(items: readonly T[], batchSize: number): T[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  const sorted = [...items].sort((a, b) => a.truckId - b.truckId);
  const batches: T[][] = [];
  for (let start = 0; start < sorted.length; start += batchSize) batches.push(sorted.slice(start, start + batchSize));
  return batches;
}

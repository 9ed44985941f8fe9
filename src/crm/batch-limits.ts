import type { ReadOptions } from './contact-store.js';

/**
 * HubSpot's batch limits and the small helpers both stores use to respect them, so the HubSpot store and the local
 * store split a batch into the same chunks and count the same calls.
 */

/** Inputs per batch call (`batch/read`, `batch/create`, `batch/update`). */
export const BATCH_LIMIT = 100;

/** Inputs per `batch/read` that asks for `propertiesWithHistory`: HubSpot's limit. */
export const BATCH_LIMIT_WITH_HISTORY = 50;

/** The chunk size of a batch read: smaller when history is asked for. */
export function readChunkSize(options?: ReadOptions): number {
  return (options?.history?.length ?? 0) > 0 ? BATCH_LIMIT_WITH_HISTORY : BATCH_LIMIT;
}

/**
 * Splits `items` into consecutive chunks of at most `size`.
 * @example chunksOf([1, 2, 3], 2) // [[1, 2], [3]]
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Throws when a key repeats. Two inputs for one record make HubSpot reject the whole batch, so a caller that sends
 * them has a bug to fix, not a failure to retry: the error is a plain `Error`, never a `CrmError`.
 */
export function assertDistinct(keys: readonly string[], what: string): void {
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = seen.get(key);
    // Positions, not the key: an email in an error message would end up in the logs.
    if (first !== undefined) throw new Error(`${what} must be distinct: inputs ${first} and ${index} name the same contact`);
    seen.set(key, index);
  });
}

/**
 * A per-learner cap on CRM writes, so one browser stuck in a loop cannot spend the portal's HubSpot budget
 * (100–190 requests per 10 s for the whole account). A sliding one-minute window per learner, in the memory of one
 * Lambda container: with several warm containers the effective cap is a multiple of it, which still stops a runaway
 * page from one learner. The map is pruned as it goes so it cannot grow without bound.
 */
export interface LearnerRateLimiter {
  /** Records one write for `key`; refused with the seconds to wait when the learner is over the cap. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

const WINDOW_MS = 60_000;
const MAX_TRACKED_LEARNERS = 10_000;

export function createLearnerRateLimiter(options: { perMinute: number; clock: () => Date }): LearnerRateLimiter {
  const windows = new Map<string, number[]>();
  return {
    take(key) {
      if (options.perMinute <= 0) return { ok: true };
      const now = options.clock().getTime();
      const recent = (windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
      if (recent.length >= options.perMinute) {
        windows.set(key, recent);
        const oldest = recent[0] ?? now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
      }
      recent.push(now);
      windows.delete(key);
      windows.set(key, recent);
      if (windows.size > MAX_TRACKED_LEARNERS) {
        // Oldest-inserted first: Map keeps insertion order and active learners were just re-inserted.
        const first = windows.keys().next();
        if (first.done !== true) windows.delete(first.value);
      }
      return { ok: true };
    },
  };
}

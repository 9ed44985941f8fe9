import type { RequestIdentity } from '../identity.js';

/**
 * A per-learner cap on CRM writes, so one browser stuck in a loop cannot spend the portal's HubSpot budget
 * (100–190 requests per 10 s for the whole account). A sliding one-minute window per learner, in the memory of one
 * Lambda container: with several warm containers the effective cap is a multiple of it, which still stops a runaway
 * page from one learner. The map is pruned as it goes so it cannot grow without bound.
 */
export interface LearnerRateLimiter {
  /**
   * Records one write for the learner; refused with the seconds to wait when they are over the cap. One contact is
   * one learner whether named by email or by id: an id is counted under the email it was last seen with.
   */
  take(learner: RequestIdentity): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Notes that this contact id is the contact of this email (learned from a write). */
  remember(contactId: string, email: string): void;
}

const WINDOW_MS = 60_000;
const MAX_TRACKED_LEARNERS = 10_000;

export function createLearnerRateLimiter(options: { perMinute: number; clock: () => Date }): LearnerRateLimiter {
  const windows = new Map<string, number[]>();
  const emailOfId = new Map<string, string>();

  function keyOf(learner: RequestIdentity): string {
    if (learner.email !== undefined) return `email:${learner.email}`;
    if (learner.identity.kind === 'email') return `email:${learner.identity.email}`;
    const email = emailOfId.get(learner.identity.contactId);
    return email === undefined ? `id:${learner.identity.contactId}` : `email:${email}`;
  }

  return {
    remember(contactId, email) {
      emailOfId.delete(contactId);
      emailOfId.set(contactId, email);
      if (emailOfId.size > MAX_TRACKED_LEARNERS) emailOfId.delete(emailOfId.keys().next().value ?? '');
    },
    take(learner) {
      if (options.perMinute <= 0) return { ok: true };
      const key = keyOf(learner);
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

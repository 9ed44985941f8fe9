import { CrmError } from '../errors.js';
import type { RateBudget } from '../crm/rate-budget.js';
import { retryDelaySeconds } from './retry-delay.js';

/**
 * What becomes of a message whose learner's HubSpot call failed, decided in one place:
 *
 * - **hold**: HubSpot says "not now" and the message is fine — a 429 (the 10-second window, or the account's day:
 *   until its midnight), a 423 (locked: at least 2 s), a 477 (the account is migrating: its `Retry-After`, however
 *   long). The consumer sends the message back to the queue with a delay and counts it done, so its receives are not
 *   burnt and it never dead-letters for it.
 * - **retry**: HubSpot is in trouble (5xx, timeout, network): the message stays failed, invisible for the back-off
 *   (`Retry-After` when HubSpot sent one); after 5 deliveries it dead-letters.
 * - **final**: anything else (a 4xx, a bug): failed, back after the visibility timeout, dead-lettered after 5.
 */
export type MessageFate =
  | { readonly kind: 'hold'; readonly until: number; readonly reason: string; readonly daily: boolean }
  | { readonly kind: 'retry'; readonly retryAfterSeconds: number; readonly reason: string }
  | { readonly kind: 'final'; readonly reason: string };

/** A 10-second 429 without `Retry-After`: the window frees within this. */
const WINDOW_WAIT_SECONDS = 10;
/** Statuses HubSpot documents as "wait, then retry": the message has nothing to do with it. */
const WAIT_STATUSES = new Set([423, 429, 477]);

export function fateOf(error: unknown, receiveCount: number, now: number, budget: RateBudget | undefined): MessageFate {
  if (!(error instanceof CrmError)) return { kind: 'final', reason: error instanceof Error ? error.message : 'failed' };
  const reason = `HubSpot ${error.status ?? error.options.category ?? 'error'}`;
  if (error.status === 429 && error.options.policy === 'DAILY') {
    return { kind: 'hold', until: budget?.daySpent(now) ?? now + 60 * 60 * 1000, reason: 'HubSpot daily limit', daily: true };
  }
  if (error.status !== undefined && WAIT_STATUSES.has(error.status)) {
    const seconds = error.options.retryAfterSeconds ?? WINDOW_WAIT_SECONDS;
    return { kind: 'hold', until: now + Math.max(1, seconds) * 1000, reason, daily: false };
  }
  if (error.retryable) return { kind: 'retry', retryAfterSeconds: retryDelaySeconds(receiveCount, error.options.retryAfterSeconds), reason };
  return { kind: 'final', reason: error.message };
}

/** Longest delay SQS allows on a message's visibility (12 hours); we cap lower so a learner waits minutes, not hours. */
const MAX_DELAY_SECONDS = 900;

/**
 * How long a failed message stays invisible before the next try: what HubSpot asked for (`Retry-After`) when it
 * said, else an exponential back-off from the delivery count: 60 s, 120 s, 240 s, 480 s, 900 s — so the five
 * deliveries before the dead-letter queue span about half an hour of HubSpot trouble, not a few minutes.
 */
export function retryDelaySeconds(receiveCount: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return Math.min(MAX_DELAY_SECONDS, Math.ceil(retryAfterSeconds));
  return Math.min(MAX_DELAY_SECONDS, 60 * 2 ** Math.max(0, receiveCount - 1));
}

/** Longest delay SQS allows on a message's visibility (12 hours); we cap lower so a learner waits minutes, not hours. */
const MAX_DELAY_SECONDS = 900;

/**
 * How long a failed message stays invisible before the next try: what HubSpot asked for (`Retry-After`) when it
 * said, else an exponential back-off from the delivery count: 10 s, 20 s, 40 s … up to 15 minutes.
 */
export function retryDelaySeconds(receiveCount: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return Math.min(MAX_DELAY_SECONDS, Math.ceil(retryAfterSeconds));
  return Math.min(MAX_DELAY_SECONDS, 10 * 2 ** Math.max(0, receiveCount - 1));
}

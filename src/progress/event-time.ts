/**
 * The time an event counts at. A client clock is trusted only inside a window around the moment the API received the
 * event, so a wrong device clock cannot reorder a learner's history by more than that.
 */
import { parseIsoInstant } from './instant.js';
import type { Instant } from './types.js';

/** How far ahead of the receive time a client timestamp may be (clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How far behind the receive time a client timestamp may be (offline queues, replays). */
export const MAX_EVENT_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The event's own timestamp when it is a zoned ISO-8601 instant inside [receivedAt − 30 days, receivedAt + 5 minutes],
 * otherwise the receive time; always in `toISOString()` form.
 *
 * @example
 * resolveEventTime('2026-11-21T11:00:00+01:00', new Date('2026-11-21T10:01:00Z')) // '2026-11-21T10:00:00.000Z'
 * resolveEventTime('2026-11-21T10:00:00', new Date('2026-11-21T10:01:00Z'))       // '2026-11-21T10:01:00.000Z'
 */
export function resolveEventTime(ts: unknown, receivedAt: Date): Instant {
  const received = receivedAt.getTime();
  if (typeof ts === 'string') {
    const at = parseIsoInstant(ts, { requireZone: true });
    if (at !== undefined && at <= received + MAX_FUTURE_SKEW_MS && at >= received - MAX_EVENT_AGE_MS) {
      return new Date(at).toISOString();
    }
  }
  return receivedAt.toISOString();
}

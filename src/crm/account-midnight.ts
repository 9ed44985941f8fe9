/**
 * When an account's day ends: HubSpot's daily limit "resets at midnight based on your time zone setting". Pure; the
 * zone's offset comes from `Intl`, so daylight-saving changes are followed.
 */

const DAY_MS = 86_400_000;

/**
 * The first instant after `now` that is midnight in `timeZone` (an IANA name such as `US/Eastern`).
 * @example nextMidnight(Date.parse('2026-12-02T03:00:00Z'), 'America/New_York') // Date.parse('2026-12-02T05:00:00Z')
 */
export function nextMidnight(now: number, timeZone: string): number {
  const wall = now + offsetAt(now, timeZone);
  const nextWallMidnight = (Math.floor(wall / DAY_MS) + 1) * DAY_MS;
  // The offset at midnight may differ from now's (a daylight-saving change in between): correct once with it.
  const guess = nextWallMidnight - offsetAt(now, timeZone);
  return nextWallMidnight - offsetAt(guess, timeZone);
}

/** Milliseconds the zone's wall clock is ahead of UTC at `at` (negative west of Greenwich). */
function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

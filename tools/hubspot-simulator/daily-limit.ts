/**
 * The account's daily limit, as HubSpot counts it: every counted request of the account's day, "midnight to midnight
 * based on the time zone setting of the account". Only the day's calendar date in that zone matters, so the counter
 * restarts when the date changes there, daylight-saving shifts included.
 */

export interface DailyVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left today after this one. */
  readonly remaining: number;
}

export class DailyLimit {
  private day = '';
  private count = 0;

  /** Counts a request at `now` against `limit` requests per day in `timeZone`. */
  hit(now: number, limit: number, timeZone: string): DailyVerdict {
    const today = calendarDate(now, timeZone);
    if (today !== this.day) {
      this.day = today;
      this.count = 0;
    }
    this.count += 1;
    return { allowed: this.count <= limit, limit, remaining: Math.max(0, limit - this.count) };
  }

  reset(): void {
    this.day = '';
    this.count = 0;
  }
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function calendarDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The zone's offset from UTC at an instant, in milliseconds (US/Eastern in winter: -18,000,000). */
export function utcOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wall - (at - (at % 1000));
}

import { describe, expect, it } from 'vitest';
import { nextMidnight } from '../../../src/crm/account-midnight.js';

describe('nextMidnight', () => {
  it.each([
    { zone: 'America/New_York', now: '2026-12-02T03:00:00.000Z', midnight: '2026-12-02T05:00:00.000Z' },
    { zone: 'America/New_York', now: '2026-07-02T03:00:00.000Z', midnight: '2026-07-02T04:00:00.000Z' },
    { zone: 'US/Pacific', now: '2026-12-02T12:00:00.000Z', midnight: '2026-12-03T08:00:00.000Z' },
    { zone: 'UTC', now: '2026-12-02T23:59:59.000Z', midnight: '2026-12-03T00:00:00.000Z' },
    { zone: 'Asia/Kolkata', now: '2026-12-02T20:00:00.000Z', midnight: '2026-12-03T18:30:00.000Z' },
    // The day daylight saving starts in New York (2 a.m. → 3 a.m.): the midnight after it is at -04:00
    { zone: 'America/New_York', now: '2026-03-08T12:00:00.000Z', midnight: '2026-03-09T04:00:00.000Z' },
    // The evening before it ends (2 a.m. → 1 a.m.): that midnight is still at -04:00
    { zone: 'America/New_York', now: '2026-10-31T23:00:00.000Z', midnight: '2026-11-01T04:00:00.000Z' },
  ])('is $midnight in $zone after $now', ({ zone, now, midnight }) => {
    expect(new Date(nextMidnight(Date.parse(now), zone)).toISOString()).toBe(midnight);
  });
});

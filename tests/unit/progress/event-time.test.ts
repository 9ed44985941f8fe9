import { describe, expect, it } from 'vitest';
import { resolveEventTime } from '../../../src/progress/event-time.js';

const RECEIVED_AT = new Date('2026-11-21T10:00:00.000Z');
const RECEIVED = RECEIVED_AT.toISOString();

describe('resolveEventTime', () => {
  describe.each([
    ['a UTC instant an hour earlier', '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z'],
    ['the receive time itself', '2026-11-21T10:00:00Z', RECEIVED],
    ['a positive offset, converted to UTC', '2026-11-21T10:30:00+01:00', '2026-11-21T09:30:00.000Z'],
    ['a negative half-hour offset', '2026-11-21T04:00:00-05:30', '2026-11-21T09:30:00.000Z'],
    ['an instant without seconds', '2026-11-21T09:15Z', '2026-11-21T09:15:00.000Z'],
    ['microseconds, cut to milliseconds', '2026-11-21T09:00:00.123456Z', '2026-11-21T09:00:00.123Z'],
    ['exactly 5 minutes in the future', '2026-11-21T10:05:00.000Z', '2026-11-21T10:05:00.000Z'],
    ['exactly 30 days old', '2026-10-22T10:00:00.000Z', '2026-10-22T10:00:00.000Z'],
    ['midnight with a +00:00 offset', '2026-11-21T00:00:00+00:00', '2026-11-21T00:00:00.000Z'],
  ])('accepts %s', (_, ts, expected) => {
    it(`resolves ${ts} to ${expected}`, () => {
      // Act
      const resolved = resolveEventTime(ts, RECEIVED_AT);

      // Assess
      expect(resolved).toBe(expected);
    });
  });

  describe.each<[string, unknown]>([
    ['5 minutes and 1 ms in the future', '2026-11-21T10:05:00.001Z'],
    ['30 days and 1 ms old', '2026-10-22T09:59:59.999Z'],
    ['a year in the future', '2027-11-21T10:00:00Z'],
    ['no zone designator', '2026-11-21T09:00:00'],
    ['a bare date', '2026-11-21'],
    ['an impossible date', '2026-02-30T09:00:00Z'],
    ['hour 24', '2026-11-21T24:00:00Z'],
    ['an offset of 24 hours', '2026-11-21T09:00:00+24:00'],
    ['an offset without a colon', '2026-11-21T09:00:00+0100'],
    ['free text', 'yesterday'],
    ['an empty string', ''],
    ['epoch milliseconds', Date.parse('2026-11-21T09:00:00Z')],
    ['a Date object', new Date('2026-11-21T09:00:00Z')],
    ['null', null],
    ['undefined', undefined],
  ])('falls back to the receive time for %s', (_, ts) => {
    it('returns the receive time', () => {
      // Act
      const resolved = resolveEventTime(ts, RECEIVED_AT);

      // Assess
      expect(resolved).toBe(RECEIVED);
    });
  });

  it('returns the toISOString form of the receive time', () => {
    // Prepare
    const receivedAt = new Date(Date.UTC(2026, 10, 21, 10, 0, 0, 7));

    // Act
    const resolved = resolveEventTime(undefined, receivedAt);

    // Assess
    expect(resolved).toBe('2026-11-21T10:00:00.007Z');
  });
});

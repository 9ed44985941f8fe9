import { describe, expect, it } from 'vitest';
import { RateGovernor } from '../../../src/bulk/rate-governor.js';

/** A clock the governor sleeps on: sleeping moves it, nothing waits for real. */
function fakeTime() {
  const time = { now: 0 };
  return { time, clock: () => time.now, sleep: async (ms: number) => void (time.now += ms) };
}

/** Takes `count` tokens in a row and answers when each was granted. */
async function grants(governor: RateGovernor, kind: 'account' | 'search', count: number, clock: () => number): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await governor.take(kind);
    at.push(clock());
  }
  return at;
}

function busiest(times: readonly number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describe('RateGovernor', () => {
  it.each([
    [100, 0.5, 50],
    [190, 0.5, 95],
    [100, 1, 100],
    [100, 0.25, 25],
  ])('lets through at most its share of the window: limit %i at share %d → %i per 10 s', async (limit, share, perWindow) => {
    // Prepare
    const { clock, sleep } = fakeTime();
    const governor = new RateGovernor({ tenSecondLimit: limit, share, clock, sleep });

    // Act
    const times = await grants(governor, 'account', perWindow * 5, clock);

    // Assess
    expect(governor.budget.perWindow).toBe(perWindow);
    expect(busiest(times, 10_000)).toBeLessThanOrEqual(perWindow);
    // And it uses its budget: after a burst of a tenth of it, the rest of each window's worth refills steadily.
    const burst = Math.max(1, Math.floor(perWindow / 10));
    expect(times.at(-1)).toBeLessThanOrEqual(Math.ceil(((perWindow * 5 - burst) / (perWindow - burst)) * 10_000) + 1);
  });

  it('keeps search within its share of 5 per second, on top of the account’s budget', async () => {
    // Prepare
    const { clock, sleep } = fakeTime();
    const governor = new RateGovernor({ tenSecondLimit: 100, share: 0.5, clock, sleep });

    // Act
    const times = await grants(governor, 'search', 20, clock);

    // Assess
    expect(governor.budget.searchPerSecond).toBe(2);
    expect(busiest(times, 1_000)).toBeLessThanOrEqual(2);
  });

  it('waits out a back-off before the next call, and starts again with an empty bucket', async () => {
    // Prepare
    const { time, clock, sleep } = fakeTime();
    const governor = new RateGovernor({ tenSecondLimit: 100, share: 0.5, clock, sleep });

    // Act
    governor.backOff(3_000);
    await governor.take('account');

    // Assess
    expect(time.now).toBeGreaterThanOrEqual(3_000);
  });

  it('serves concurrent callers one at a time', async () => {
    // Prepare
    const { clock, sleep } = fakeTime();
    const governor = new RateGovernor({ tenSecondLimit: 10, share: 1, clock, sleep });
    const order: number[] = [];

    // Act
    await Promise.all(Array.from({ length: 5 }, (_, i) => governor.take('account').then(() => order.push(i))));

    // Assess
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    [{ tenSecondLimit: 100, share: 0 }, 'share must be in (0, 1], got 0'],
    [{ tenSecondLimit: 100, share: 1.5 }, 'share must be in (0, 1], got 1.5'],
    [{ tenSecondLimit: 0, share: 0.5 }, 'tenSecondLimit must be at least 1, got 0'],
  ])('refuses %o', (options, message) => {
    expect(() => new RateGovernor(options)).toThrow(message);
  });
});

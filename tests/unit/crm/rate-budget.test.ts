import { describe, expect, it } from 'vitest';
import { DAILY_RECHECK_MS, RateBudget } from '../../../src/crm/rate-budget.js';

const headers = (remaining: number, max = 100) => ({
  'x-hubspot-ratelimit-remaining': String(remaining),
  'x-hubspot-ratelimit-max': String(max),
  'x-hubspot-ratelimit-interval-milliseconds': '10000',
});

function budgetAt(start = Date.parse('2026-12-02T12:00:00.000Z'), reserve = 10) {
  const clock = { now: start };
  const budget = new RateBudget({ reserve, clock: () => clock.now, accountTimeZone: 'America/New_York' });
  return { budget, clock };
}

/** One call as the store makes it: counted when sent, observed when answered. */
function call(budget: RateBudget, status: number, answer: Record<string, string>, body?: unknown): void {
  budget.observe(budget.begin(), status, answer, body);
}

describe('RateBudget', () => {
  it('allows calls while nothing is known, and as long as the reserve stays in the window', () => {
    // Prepare
    const { budget } = budgetAt();

    // Act / Assess
    expect(budget.allows(2)).toBe(true);
    call(budget, 200, headers(13));
    expect(budget.allows(2)).toBe(true);
    expect(budget.allows(4)).toBe(false);
  });

  it('counts calls still in flight after the answer it last saw', () => {
    const { budget } = budgetAt();
    const first = budget.begin();
    budget.begin();
    budget.begin();

    budget.observe(first, 200, headers(14));

    // 14 at the first call's arrival, two more since: 12 left, 10 kept in reserve
    expect(budget.allows(2)).toBe(true);
    expect(budget.allows(3)).toBe(false);
  });

  it('reserves for concurrent callers, so two cannot spend the same headroom', () => {
    const { budget } = budgetAt();
    call(budget, 200, headers(14));

    expect(budget.tryReserve(2)).toBe(true);
    expect(budget.tryReserve(2)).toBe(true);
    expect(budget.tryReserve(2)).toBe(false);
  });

  it('forgets the window a window after the last answer: older calls have left it', () => {
    const { budget, clock } = budgetAt();
    call(budget, 200, headers(0));
    expect(budget.allows(1)).toBe(false);

    clock.now += 10_001;

    expect(budget.allows(1)).toBe(true);
  });

  it('closes after a 10-second 429 for its Retry-After, or two seconds', () => {
    const { budget, clock } = budgetAt();
    call(budget, 429, { 'retry-after': '5' }, { policyName: 'TEN_SECONDLY_ROLLING' });
    clock.now += 4_000;
    expect(budget.allows(1)).toBe(false);
    clock.now += 1_001;
    expect(budget.allows(1)).toBe(true);

    call(budget, 429, {}, { policyName: 'TEN_SECONDLY_ROLLING' });
    expect(budget.allows(1)).toBe(false);
    clock.now += 2_001;
    expect(budget.allows(1)).toBe(true);
  });

  it('closes for the rest of the account’s day on a DAILY 429, until its midnight', () => {
    // 22:00 in New York
    const { budget, clock } = budgetAt(Date.parse('2026-12-02T03:00:00.000Z'));

    call(budget, 429, {}, { policyName: 'DAILY', errorType: 'RATE_LIMIT' });

    expect(budget.allows(1)).toBe(false);
    expect(budget.dayEnds()).toBe(Date.parse('2026-12-02T05:00:00.000Z'));
    clock.now = Date.parse('2026-12-02T05:00:00.001Z');
    expect(budget.allows(1)).toBe(true);
    expect(budget.dayEnds()).toBeUndefined();
  });

  it('closes when the daily remaining header says 0, and checks hourly when the time zone is unknown', () => {
    const now = Date.parse('2026-12-02T03:00:00.000Z');
    const budget = new RateBudget({ clock: () => now });

    call(budget, 200, { 'x-hubspot-ratelimit-daily-remaining': '0' });

    expect(budget.dayEnds()).toBe(now + DAILY_RECHECK_MS);
  });
});

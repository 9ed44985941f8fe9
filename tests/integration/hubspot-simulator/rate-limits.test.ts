import { describe, expect, it } from 'vitest';
import { CONTACTS, client, manualClock, simulator } from '../../fixtures/sim-fixture.js';

const TEN_SECONDLY = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: expect.any(String),
  policyName: 'TEN_SECONDLY_ROLLING',
};

const rateHeaders = (headers: Headers) => ({
  max: headers.get('x-hubspot-ratelimit-max'),
  remaining: headers.get('x-hubspot-ratelimit-remaining'),
  interval: headers.get('x-hubspot-ratelimit-interval-milliseconds'),
});

describe('the rolling window of the account', () => {
  it('counts down X-HubSpot-RateLimit-Remaining on successful answers, with HubSpot’s 10-second interval', async () => {
    const sim = await simulator({ tenSecondLimit: 3 });
    const api = client(sim);

    const first = await api.get(`${CONTACTS}/1`);
    const second = await api.get(`${CONTACTS}/1`);

    expect(rateHeaders(first.headers)).toEqual({ max: '3', remaining: '2', interval: '10000' });
    expect(rateHeaders(second.headers)).toEqual({ max: '3', remaining: '1', interval: '10000' });
  });

  it('answers 429 TEN_SECONDLY_ROLLING past the limit, with the headers and without Retry-After by default', async () => {
    // Prepare
    const sim = await simulator({ tenSecondLimit: 2 });
    const api = client(sim);
    await api.get(`${CONTACTS}/1`);
    await api.post(CONTACTS, { properties: { email: 'a@example.com' } });

    // Act
    const answer = await api.get(`${CONTACTS}/1`);

    // Assess
    expect(answer.status).toBe(429);
    expect(answer.body).toEqual(TEN_SECONDLY);
    expect(rateHeaders(answer.headers)).toEqual({ max: '2', remaining: '0', interval: '10000' });
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('sends Retry-After in seconds when enabled, after which a retry succeeds', async () => {
    // Prepare: requests at 0 s and 1 s fill the window; the 429 at 2.5 s counts too.
    const clock = manualClock();
    const sim = await simulator({ tenSecondLimit: 2, sendRetryAfter: true, clock: clock.read });
    const api = client(sim);
    await api.get(`${CONTACTS}/1`);
    clock.advance(1_000);
    await api.get(`${CONTACTS}/1`);
    clock.advance(1_500);

    // Act
    const limited = await api.get(`${CONTACTS}/1`);
    clock.advance(Number(limited.headers.get('retry-after')) * 1_000);
    const retried = await api.get(`${CONTACTS}/1`);

    // Assess: the requests at 0 s and 1 s must leave the window, at 11 s: 8.5 s from now, rounded up.
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(retried.status).toBe(404);
    expect(retried.headers.get('retry-after')).toBeNull();
  });

  it('recovers once the window has rolled past the earlier requests', async () => {
    // Prepare: a short window, so real time can pass in the test.
    const sim = await simulator({ tenSecondLimit: 2, windowMs: 300 });
    const api = client(sim);
    await api.get(`${CONTACTS}/1`);
    await api.get(`${CONTACTS}/1`);
    expect((await api.get(`${CONTACTS}/1`)).status).toBe(429);

    // Act
    await new Promise((resolve) => setTimeout(resolve, 350));
    const answer = await api.get(`${CONTACTS}/1`);

    // Assess
    expect(answer.status).toBe(404);
    expect(rateHeaders(answer.headers)).toEqual({ max: '2', remaining: '1', interval: '300' });
  });

  it('counts 429s and injected failures toward the window, so hammering keeps the account limited', async () => {
    const clock = manualClock();
    const sim = await simulator({ tenSecondLimit: 2, clock: clock.read });
    const api = client(sim);
    sim.failNext(1, 502);
    await api.get(`${CONTACTS}/1`); // 502, counted
    await api.get(`${CONTACTS}/1`); // 404, counted
    clock.advance(6_000);
    expect((await api.get(`${CONTACTS}/1`)).status).toBe(429); // counted too

    // 10 s after the first two, the 429 of t+6 s is still in the window: one request fits, the next does not.
    clock.advance(4_000);
    expect((await api.get(`${CONTACTS}/1`)).status).toBe(404);
    expect((await api.get(`${CONTACTS}/1`)).status).toBe(429);
  });

  it('does not count requests without a token toward the window', async () => {
    const sim = await simulator({ tenSecondLimit: 1 });

    await client(sim, null).get(`${CONTACTS}/1`);
    const answer = await client(sim).get(`${CONTACTS}/1`);

    expect(answer.status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { RateGovernor } from '../../../src/bulk/rate-governor.js';
import { retrying } from '../../../src/bulk/retrying.js';
import { CrmError } from '../../../src/errors.js';

const rateLimited = (policy: string, retryAfterSeconds?: number) =>
  new CrmError(`HubSpot rate limit reached (${policy}): You have reached your limit.`, {
    status: 429,
    retryable: true,
    category: 'RATE_LIMIT',
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
const serverError = new CrmError('HubSpot server error (502)', { status: 502, retryable: true });
const refused = new CrmError('HubSpot rejected the request (400 VALIDATION_ERROR)', { status: 400, retryable: false });

/** A call that fails with these errors, in order, then answers `done`. */
function failing(...errors: Error[]) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    const error = errors[calls - 1];
    if (error !== undefined) throw error;
    return 'done';
  };
  return { call, calls: () => calls };
}

describe('retrying', () => {
  it.each<[string, Error, number]>([
    ['a 429 as long as Retry-After says', rateLimited('TEN_SECONDLY_ROLLING', 3), 3_000],
    ['a ten-secondly 429 without Retry-After for the window', rateLimited('TEN_SECONDLY_ROLLING'), 10_000],
    ['a secondly (search) 429 without Retry-After for a second', rateLimited('SECONDLY'), 1_000],
    ['a 5xx for a second, the first time', serverError, 1_000],
  ])('waits after %s, then tries again', async (_, error, waitMs) => {
    // Prepare
    const waits: number[] = [];
    const { call, calls } = failing(error);

    // Act
    const answer = await retrying('read', call, { sleep: async (ms) => void waits.push(ms) });

    // Assess
    expect(answer).toBe('done');
    expect(calls()).toBe(2);
    expect(waits).toEqual([waitMs]);
  });

  it('pauses the governor instead of sleeping on a 429, so every call waits', async () => {
    // Prepare
    const time = { now: 0 };
    const governor = new RateGovernor({ tenSecondLimit: 100, share: 0.5, clock: () => time.now, sleep: async (ms) => void (time.now += ms) });
    const { call } = failing(rateLimited('TEN_SECONDLY_ROLLING', 2));

    // Act
    await retrying('read', call, { governor, sleep: () => Promise.reject(new Error('must not sleep')) });
    await governor.take('account');

    // Assess
    expect(time.now).toBeGreaterThanOrEqual(2_000);
  });

  it('doubles the wait after each 5xx', async () => {
    const waits: number[] = [];
    await retrying('read', failing(serverError, serverError, serverError).call, { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it.each<[string, Error]>([
    ['a 4xx: sending it again changes nothing', refused],
    ['the daily limit: it resets at midnight; the job resumes from its checkpoint', rateLimited('DAILY')],
    ['an error that is not HubSpot’s', new TypeError('bug')],
  ])('throws %s at once', async (_, error) => {
    const { call, calls } = failing(error);
    await expect(retrying('read', call, { sleep: () => Promise.resolve() })).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it('throws the last failure after the last attempt', async () => {
    const { call, calls } = failing(serverError, serverError, serverError);
    await expect(retrying('read', call, { attempts: 3, sleep: () => Promise.resolve() })).rejects.toBe(serverError);
    expect(calls()).toBe(3);
  });
});

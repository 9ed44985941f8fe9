import { describe, expect, it } from 'vitest';
import { toCrmError } from '../../../../src/crm/hubspot/hubspot-error.js';

const failure = (status: number, body: unknown, headers: Readonly<Record<string, string | undefined>> = {}) => ({ status, body, headers: Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined)), cause: undefined });
const envelope = (category: string, message: string) => ({ status: 'error', message, correlationId: 'c0ffee', category });

describe('toCrmError', () => {
  it.each([
    { label: '423 Locked without Retry-After', status: 423, headers: {}, retryAfterSeconds: 2 },
    { label: '423 Locked with a shorter Retry-After', status: 423, headers: { 'retry-after': '1' }, retryAfterSeconds: 2 },
    { label: '423 Locked with a longer Retry-After', status: 423, headers: { 'retry-after': '5' }, retryAfterSeconds: 5 },
    { label: '477 Migration in Progress, Retry-After in hours', status: 477, headers: { 'retry-after': '86400' }, retryAfterSeconds: 86_400 },
    { label: '503 with Retry-After', status: 503, headers: { 'retry-after': '30' }, retryAfterSeconds: 30 },
  ])('makes a $label retryable after the wait HubSpot asks for', ({ status, headers, retryAfterSeconds }) => {
    // Act
    const error = toCrmError(failure(status, envelope('ERROR', 'Please retry'), headers));

    // Assess
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(status);
    expect(error.options.retryAfterSeconds).toBe(retryAfterSeconds);
  });

  it('keeps the policy of a DAILY 429, which lasts until the account’s midnight', () => {
    const body = { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', correlationId: 'c', policyName: 'DAILY', requestId: 'r' };

    const error = toCrmError(failure(429, body));

    expect(error).toMatchObject({ retryable: true, status: 429 });
    expect(error.options.policy).toBe('DAILY');
    expect(error.message).toBe('HubSpot rate limit reached (DAILY): You have reached your daily limit.');
  });

  it('names both credential kinds and the variable on a 401, and the scopes on a 403', () => {
    const unauthorized = toCrmError(failure(401, envelope('INVALID_AUTHENTICATION', 'Authentication credentials not found.')));
    const forbidden = toCrmError(failure(403, envelope('MISSING_SCOPES', 'This app hasn’t been granted all required scopes')));

    expect(unauthorized.message).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(unauthorized.message).toContain('service key or private app token');
    expect(forbidden.message).toContain('service key or private app token');
    expect(forbidden.message).toContain('crm.objects.contacts.write');
  });
});

import { describe, expect, it } from 'vitest';
import { CONTACTS, client, createContact, errorShape, learner, manualClock, simulator } from '../../fixtures/sim-fixture.js';

const BATCH_CREATE = `${CONTACTS}/batch/create`;

describe('POST …/batch/create with an objectWriteTraceId on every input', () => {
  it('creates what it can and answers 207 with each refusal named by its trace id', async () => {
    // Prepare: one email exists, one HubSpot refuses
    const sim = await simulator({ invalidEmails: ['bad@example.com'] });
    const api = client(sim);
    const existing = await createContact(api, learner(1));

    // Act
    const answer = await api.post(BATCH_CREATE, {
      inputs: [
        { objectWriteTraceId: 't0', properties: { email: 'learner1@example.com' } },
        { objectWriteTraceId: 't1', properties: { email: 'bad@example.com' } },
        { objectWriteTraceId: 't2', properties: { email: 'new@example.com' } },
      ],
    });

    // Assess
    expect(answer.status).toBe(207);
    expect(answer.body.status).toBe('COMPLETE');
    expect(answer.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual(['new@example.com']);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${existing}`, context: { objectWriteTraceId: ['t0'], existingId: [existing] } }),
      expect.objectContaining({ category: 'VALIDATION_ERROR', message: expect.stringContaining('INVALID_EMAIL'), context: { objectWriteTraceId: ['t1'] } }),
    ]);
    expect(answer.body.numErrors).toBe(2);
  });

  it('refuses the whole batch without trace ids, with or without the existing id in the message', async () => {
    const named = await simulator();
    const unnamed = await simulator({ batchConflictMessage: 'without-id' });
    for (const sim of [named, unnamed]) await createContact(client(sim), learner(1));
    const inputs = [{ properties: { email: 'learner1@example.com' } }, { properties: { email: 'other@example.com' } }];

    const withId = await client(named).post(BATCH_CREATE, { inputs });
    const withoutId = await client(unnamed).post(BATCH_CREATE, { inputs });

    expect(withId.status).toBe(409);
    expect(withId.body.message).toMatch(/Existing ID: \d+$/);
    expect(withoutId.body).toEqual(errorShape('CONFLICT', 'Contact already exists'));
    expect(unnamed.contacts()).toHaveLength(1);
  });
});

describe('the daily limit', () => {
  it('answers 429 DAILY once the account’s day is spent, until midnight in the account’s time zone', async () => {
    // Prepare: 23:59:30 in New York (04:59:30 UTC in winter)
    const clock = manualClock(Date.parse('2026-12-02T04:59:30.000Z'));
    const sim = await simulator({ dailyLimit: 2, timeZone: 'America/New_York', clock: clock.read, sendRetryAfter: true });
    const api = client(sim);

    // Act
    const first = await api.get(`${CONTACTS}/1`);
    await api.get(`${CONTACTS}/1`);
    const spent = await api.get(`${CONTACTS}/1`);
    clock.advance(31_000);
    const nextDay = await api.get(`${CONTACTS}/1`);

    // Assess
    expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('2');
    expect(first.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('1');
    expect(spent.status).toBe(429);
    expect(spent.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'DAILY', message: 'You have reached your daily limit.', requestId: expect.any(String) });
    expect(spent.headers.get('retry-after')).toBeNull();
    expect(nextDay.status).toBe(404);
  });

  it('tells the account’s time zone and offset at GET /account-info/v3/details', async () => {
    const clock = manualClock(Date.parse('2026-07-01T12:00:00.000Z'));
    const sim = await simulator({ timeZone: 'US/Eastern', clock: clock.read });

    const answer = await client(sim).get('/account-info/v3/details');

    expect(answer.body).toMatchObject({ timeZone: 'US/Eastern', utcOffset: '-04:00', utcOffsetMilliseconds: -14_400_000 });
  });
});

describe('423 Locked and 477 Migration in Progress', () => {
  it('answer HubSpot’s error envelope; a 477 carries Retry-After, however long', async () => {
    const sim = await simulator();
    const api = client(sim);
    sim.failNext(1, 423);
    sim.failNext(1, 477, 'json', { retryAfterSeconds: 86_400 });

    const locked = await api.get(`${CONTACTS}/1`);
    const migrating = await api.get(`${CONTACTS}/1`);

    expect(locked.status).toBe(423);
    expect(locked.body).toEqual(errorShape('LOCKED', /at least 2 seconds/));
    expect(locked.headers.get('retry-after')).toBeNull();
    expect(migrating.status).toBe(477);
    expect(migrating.headers.get('retry-after')).toBe('86400');
  });
});

describe('the date-based API versions', () => {
  it('answer the same endpoints at /crm/objects/2026-09/contacts, and enforce the portal’s required properties there only', async () => {
    // Prepare
    const sim = await simulator({ requiredProperties: ['firstname'] });
    const api = client(sim);

    // Act
    const v3 = await api.post(CONTACTS, { properties: { email: 'old@example.com' } });
    const refused = await api.post('/crm/objects/2026-09/contacts', { properties: { email: 'new@example.com' } });
    const accepted = await api.post('/crm/objects/2026-09/contacts', { properties: { email: 'new@example.com', firstname: 'Ada' } });
    const read = await api.get(`/crm/objects/2026-09/contacts/${accepted.body.id}?properties=firstname`);

    // Assess
    expect(v3.status).toBe(201);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'MISSING_REQUIRED_PROPERTY', context: { propertyName: ['firstname'] } }] });
    expect(read.body.properties.firstname).toBe('Ada');
    expect(Object.keys(sim.stats().byRoute)).toEqual(
      expect.arrayContaining(['POST /crm/v3/objects/contacts', 'POST /crm/objects/2026-09/contacts', 'GET /crm/objects/2026-09/contacts/{id}']),
    );
  });
});

describe('POST /crm/v3/properties/contacts/batch/read', () => {
  it('answers the definitions the portal has and names the missing ones', async () => {
    const sim = await simulator({ missingProperties: ['hhl_average_score'], propertyTypes: { hhl_progress_updated_at: 'date' } });

    const answer = await client(sim).post('/crm/v3/properties/contacts/batch/read', {
      archived: false,
      inputs: [{ name: 'hhl_progress_updated_at' }, { name: 'hhl_average_score' }, { name: 'hhl_progress_state' }],
    });

    expect(answer.status).toBe(207);
    expect(answer.body.results.map((r: { name: string; type: string }) => [r.name, r.type])).toEqual([
      ['hhl_progress_updated_at', 'date'],
      ['hhl_progress_state', 'string'],
    ]);
    expect(answer.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { name: ['hhl_average_score'] } });
  });

  it('answers 403 MISSING_SCOPES when the token lacks crm.schemas.contacts.read', async () => {
    const sim = await simulator({ missingScopes: ['crm.schemas.contacts.read'] });

    const answer = await client(sim).post('/crm/v3/properties/contacts/batch/read', { inputs: [{ name: 'email' }] });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ category: 'MISSING_SCOPES', errors: [{ context: { requiredGranularScopes: ['crm.schemas.contacts.read'] } }] });
  });
});

describe('answers and history', () => {
  it('carry no rate-limit headers when rateLimitHeaders is off, as HubSpot may', async () => {
    const sim = await simulator({ rateLimitHeaders: false });

    const answer = await client(sim).get(`${CONTACTS}/1`);

    expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
  });

  it('take as long as their size needs at bytesPerSecond', async () => {
    const sim = await simulator({ bytesPerSecond: 100_000 });
    const api = client(sim);
    const id = await createContact(api, { email: 'ada@example.com', hhl_progress_summary: 'x'.repeat(20_000) });

    const started = performance.now();
    await api.get(`${CONTACTS}/${id}?properties=hhl_progress_summary`);

    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('adds no version for a rewrite of the current value with sameValueWrite: ignore', async () => {
    const sim = await simulator({ sameValueWrite: 'ignore' });
    const api = client(sim);
    const id = await createContact(api, { email: 'ada@example.com', hhl_total_progress: '1' });

    await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '1' } });
    await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '2' } });

    expect(sim.contacts()[0]?.history['hhl_total_progress']?.map((v) => v.value)).toEqual(['2', '1']);
  });
});

import { describe, expect, it } from 'vitest';
import { createHubSpotStore, type HubSpotCall } from '../../../../src/crm/hubspot/hubspot-store.js';
import { READ_PROPERTIES } from '../../../../src/properties/property-definitions.js';
import { CrmError } from '../../../../src/errors.js';
import type { HubSpotSimulator } from '../../../../tools/hubspot-simulator/index.js';
import { TOKEN, simulator } from '../../../fixtures/sim-fixture.js';

const EMAIL = 'ada@example.com';

/** The service's own HubSpot store (the official client underneath), pointed at the simulator. */
function serviceStore(sim: HubSpotSimulator, calls: HubSpotCall[] = []) {
  return createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, onCall: (call) => calls.push(call) });
}

async function failureOf(work: Promise<unknown>): Promise<CrmError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CrmError)) throw new Error(`expected a CrmError, got ${String(error)}`);
  return error;
}

describe('the service’s HubSpot store against the simulator', () => {
  it('reads nothing for an unknown learner, creates them, then reads them by email and by id', async () => {
    // Prepare
    const sim = await simulator();
    const calls: HubSpotCall[] = [];
    const store = serviceStore(sim, calls);

    // Act
    const before = await store.read({ kind: 'email', email: EMAIL }, READ_PROPERTIES);
    const created = await store.create(EMAIL, { hhl_total_progress: '2', hhl_last_activity: '2026-11-20' });
    const byEmail = await store.read({ kind: 'email', email: EMAIL }, READ_PROPERTIES);
    const byId = await store.read({ kind: 'id', contactId: created.id }, ['hhl_total_progress']);

    // Assess
    expect(before).toBeNull();
    expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), created: true });
    expect(byEmail).toMatchObject({ id: created.id, properties: { email: EMAIL, hhl_total_progress: '2', hhl_last_activity: '2026-11-20', hhl_progress_state: null } });
    expect(byId?.properties['hhl_total_progress']).toBe('2');
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 404', 'POST 201', 'GET 200', 'GET 200']);
  });

  it('answers the existing id with created: false when the email is taken (HubSpot’s 409)', async () => {
    const sim = await simulator();
    const store = serviceStore(sim);
    const first = await store.create(EMAIL, {});

    const second = await store.create('ADA@example.com', { hhl_total_progress: '9' });

    expect(second).toEqual({ id: first.id, created: false });
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBeUndefined();
  });

  it('updates the contact, and fails with a 404 CrmError for an unknown id', async () => {
    const sim = await simulator();
    const store = serviceStore(sim);
    const { id } = await store.create(EMAIL, { hhl_total_progress: '1' });

    await store.update(id, { hhl_total_progress: '3', hhl_progress_summary: 'crm-essentials: 3/3 modules' });
    const error = await failureOf(store.update('999999', { hhl_total_progress: '1' }));

    expect(sim.contacts()[0]?.properties).toMatchObject({ hhl_total_progress: '3', hhl_progress_summary: 'crm-essentials: 3/3 modules' });
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.options.category).toBe('OBJECT_NOT_FOUND');
  });

  it('learns the date-typed properties from a 400 INVALID_DATE', async () => {
    const sim = await simulator({ propertyTypes: { hhl_progress_updated_at: 'date' } });
    const store = serviceStore(sim);
    const { id } = await store.create(EMAIL, {});

    const error = await failureOf(store.update(id, { hhl_progress_updated_at: '2026-11-21T10:00:00.000Z' }));

    expect(error.status).toBe(400);
    expect(error.options.invalidDateProperties).toEqual(['hhl_progress_updated_at']);
  });

  it('gets a retryable RATE_LIMIT CrmError, with Retry-After when sent, past the 10-second limit', async () => {
    const sim = await simulator({ tenSecondLimit: 1, sendRetryAfter: true });
    const store = serviceStore(sim);
    await store.read({ kind: 'email', email: EMAIL }, ['email']);

    const error = await failureOf(store.read({ kind: 'email', email: EMAIL }, ['email']));

    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.options.category).toBe('RATE_LIMIT');
    expect(error.options.retryAfterSeconds).toBe(10);
    expect(error.message).toContain('TEN_SECONDLY_ROLLING');
  });

  it.each(['json', 'html'] as const)('gets a retryable 502 CrmError for a gateway failure with a %s body', async (body) => {
    const sim = await simulator();
    const store = serviceStore(sim);
    sim.failNext(1, 502, body);

    const error = await failureOf(store.read({ kind: 'email', email: EMAIL }, ['email']));

    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(TOKEN);
  });

  it('sees HubSpot’s 401 when the token is not the one the simulator expects', async () => {
    const sim = await simulator({ token: 'the-real-token' });

    const error = await failureOf(serviceStore(sim).read({ kind: 'email', email: EMAIL }, ['email']));

    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../../src/crm/hubspot/hubspot-store.js';
import { client, createContact, learner, simulator, TOKEN } from '../../../fixtures/sim-fixture.js';

const BATCH_CREATE = 'POST /crm/v3/objects/contacts/batch/create';

describe('createMany on HubSpot, one objectWriteTraceId per input', () => {
  it('creates the new learners and answers the existing one in one call, though one email exists', async () => {
    // Prepare
    const sim = await simulator();
    const existing = await createContact(client(sim), learner(1));
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });

    // Act
    const outcome = await store.createMany([
      { email: 'learner1@example.com', properties: {} },
      { email: 'new1@example.com', properties: {} },
      { email: 'new2@example.com', properties: {} },
    ]);

    // Assess
    expect(outcome.created.get('learner1@example.com')).toEqual({ id: existing, created: false });
    expect(outcome.created.get('new1@example.com')).toEqual({ id: expect.stringMatching(/^\d+$/), created: true });
    expect(outcome.created.get('new2@example.com')?.created).toBe(true);
    expect([...outcome.failed]).toEqual([]);
    expect(sim.stats().total).toBe(2);
    expect(sim.stats().byRoute[BATCH_CREATE]).toEqual({ '207': 1 });
  });

  it('isolates an email HubSpot refuses: the others are created, that one is answered as failed', async () => {
    const sim = await simulator({ invalidEmails: ['refused@example.com'] });
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });

    const outcome = await store.createMany([
      { email: 'ok1@example.com', properties: { hhl_total_progress: '1' } },
      { email: 'refused@example.com', properties: { hhl_total_progress: '1' } },
      { email: 'ok2@example.com', properties: { hhl_total_progress: '1' } },
    ]);

    expect([...outcome.created.keys()].sort()).toEqual(['ok1@example.com', 'ok2@example.com']);
    const error = outcome.failed.get('refused@example.com');
    expect(error).toMatchObject({ retryable: false, status: 400 });
    expect(error?.message).toContain('INVALID_EMAIL');
    expect(sim.contacts().map((c) => c.properties['email']).sort()).toEqual(['ok1@example.com', 'ok2@example.com']);
  });

  it.each([{ batchConflictMessage: 'with-id' as const }, { batchConflictMessage: 'without-id' as const }])(
    'still works where HubSpot refuses the whole batch despite the trace ids ($batchConflictMessage)',
    async ({ batchConflictMessage }) => {
      // A portal that ignores trace ids: the store's whole-batch fallback (one single create per input) takes over.
      const sim = await simulator({ batchConflictMessage });
      const existing = await createContact(client(sim), learner(1));
      const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
      const body = { inputs: [{ properties: { email: 'learner1@example.com' } }, { properties: { email: 'x@example.com' } }] };

      const answer = await client(sim).post('/crm/v3/objects/contacts/batch/create', body);
      const outcome = await store.createMany([{ email: 'learner1@example.com', properties: {} }]);

      expect(answer.status).toBe(409);
      expect(outcome.created.get('learner1@example.com')).toEqual({ id: existing, created: false });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { CONTACTS, client, createContact, learner, manualClock, simulator } from '../../fixtures/sim-fixture.js';

const SEARCH = `${CONTACTS}/search`;
const byEmailFilter = (email: string) => ({
  filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
  properties: ['email', 'hhl_total_progress'],
});

describe('POST /crm/v3/objects/contacts/search', () => {
  it('finds a contact by email only searchLagMs after its last write', async () => {
    // Prepare
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read, searchLagMs: 3_000 });
    const api = client(sim);
    const id = await createContact(api, learner(1));

    // Act
    clock.advance(2_999);
    const tooSoon = await api.post(SEARCH, byEmailFilter('Learner1@example.com'));
    clock.advance(1);
    const afterLag = await api.post(SEARCH, byEmailFilter('Learner1@example.com'));

    // Assess
    expect(tooSoon.status).toBe(200);
    expect(tooSoon.body).toEqual({ total: 0, results: [] });
    expect(afterLag.body).toMatchObject({ total: 1, results: [{ id, properties: { email: 'learner1@example.com', hhl_total_progress: '1' } }] });
  });

  it('loses sight of a contact again right after it is written', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read, searchLagMs: 3_000 });
    const api = client(sim);
    const id = await createContact(api, learner(2));
    clock.advance(10_000);
    await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '3' } });

    const answer = await api.post(SEARCH, byEmailFilter('learner2@example.com'));

    expect(answer.body.total).toBe(0);
  });

  it('answers 429 SECONDLY past searchPerSecond searches in a second, and again after the second', async () => {
    // Prepare
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read, searchPerSecond: 5 });
    const api = client(sim);
    for (let i = 0; i < 5; i += 1) expect((await api.post(SEARCH, byEmailFilter('a@example.com'))).status).toBe(200);

    // Act
    const sixth = await api.post(SEARCH, byEmailFilter('a@example.com'));
    const otherRoute = await api.get(`${CONTACTS}/1`);
    clock.advance(1_000);
    const nextSecond = await api.post(SEARCH, byEmailFilter('a@example.com'));

    // Assess
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual({
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'SECONDLY',
    });
    expect(otherRoute.status).toBe(404);
    expect(nextSecond.status).toBe(200);
  });

  it('pages with limit and after, and rejects a limit over 200', async () => {
    const sim = await simulator();
    const api = client(sim);
    for (const n of [1, 2, 3]) await createContact(api, learner(n));
    const all = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }] };

    const first = await api.post(SEARCH, { ...all, limit: 2 });
    const second = await api.post(SEARCH, { ...all, limit: 2, after: first.body.paging.next.after });
    const tooMany = await api.post(SEARCH, { ...all, limit: 201 });

    expect(first.body.total).toBe(3);
    expect(first.body.results).toHaveLength(2);
    expect(second.body.results).toHaveLength(1);
    expect(second.body).not.toHaveProperty('paging');
    expect(tooMany.status).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../../src/crm/hubspot/hubspot-store.js';
import { CrmError } from '../../../../src/errors.js';
import { CONTACTS, TOKEN, client, createContact, learner, manualClock, simulator } from '../../../fixtures/sim-fixture.js';

const SEARCH = `${CONTACTS}/search`;

describe('search filters that compare, and the 10,000-result cap', () => {
  it.each([
    ['GT', ['3', '4', '10']],
    ['GTE', ['2', '3', '4', '10']],
    ['LT', ['0', '1']],
    ['LTE', ['0', '1', '2']],
  ])('%s compares numbers as numbers', async (operator, expected) => {
    // Prepare: hhl_total_progress 0…4, and "10" that a text comparison would put before "2"
    const sim = await simulator();
    const api = client(sim);
    for (const n of [0, 1, 2, 3, 4, 10]) await createContact(api, learner(n));

    // Act
    const answer = await api.post(SEARCH, { filterGroups: [{ filters: [{ propertyName: 'hhl_total_progress', operator, value: '2' }] }], properties: ['hhl_total_progress'], limit: 10 });

    // Assess
    expect(answer.body.results.map((r: { properties: Record<string, string> }) => r.properties['hhl_total_progress'])).toEqual(expected);
  });

  it('refuses to page past 10,000 results, as HubSpot does', async () => {
    const sim = await simulator();
    const answer = await client(sim).post(SEARCH, { limit: 200, after: '9900' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('Paging past 10000 results is not supported');
  });
});

describe('the HubSpot store’s scan (keyset paging on hs_object_id)', () => {
  it('walks every contact that has the property in id order, pages unaffected by writes made meanwhile', async () => {
    // Prepare: five learners indexed, one contact without a state
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read, searchLagMs: 3_000 });
    const api = client(sim);
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push(await createContact(api, learner(n, { hhl_progress_state: '{}' })));
    await createContact(api, learner(9));
    clock.advance(10_000);
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    const request = { having: 'hhl_progress_state', limit: 2, properties: ['email'] };

    // Act: write the first page's contacts (search loses sight of them for a while), then ask for the next page
    const first = await store.scan(request);
    for (const contact of first.contacts) await api.patch(`${CONTACTS}/${contact.id}`, { properties: { hhl_total_progress: '7' } });
    const second = await store.scan({ ...request, afterId: first.contacts.at(-1)?.id });
    const third = await store.scan({ ...request, afterId: second.contacts.at(-1)?.id });

    // Assess
    expect(first).toMatchObject({ total: 5, contacts: [{ id: ids[0] }, { id: ids[1] }] });
    expect(second).toMatchObject({ total: 3, contacts: [{ id: ids[2] }, { id: ids[3] }] });
    expect(third).toMatchObject({ total: 1, contacts: [{ id: ids[4], properties: { email: 'learner4@example.com' } }] });
  });

  it('throws a retryable CrmError with the delay HubSpot asked for on a search 429', async () => {
    const sim = await simulator({ sendRetryAfter: true, searchPerSecond: 1 });
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    await store.scan({ having: 'email', limit: 1, properties: [] });
    const error = await store.scan({ having: 'email', limit: 1, properties: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ status: 429, retryable: true, options: { retryAfterSeconds: 1 } });
  });
});

describe('a simulated portal without some properties (missingProperties)', () => {
  it('refuses a write naming one with PROPERTY_DOESNT_EXIST and leaves it out of reads', async () => {
    // Prepare
    const sim = await simulator({ missingProperties: ['hhl_average_score'] });
    const api = client(sim);
    const id = await createContact(api, learner(1));

    // Act
    const write = await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_average_score: '80', hhl_total_progress: '2' } });
    const read = await api.get(`${CONTACTS}/${id}?properties=hhl_average_score,hhl_study_minutes`);

    // Assess
    expect(write.status).toBe(400);
    expect(write.body.message).toContain('"error":"PROPERTY_DOESNT_EXIST","name":"hhl_average_score"');
    expect(read.body.properties).not.toHaveProperty('hhl_average_score');
    expect(read.body.properties).toHaveProperty('hhl_study_minutes', null);
  });

  it('names the missing properties on the CrmError the service’s store throws', async () => {
    const sim = await simulator({ missingProperties: ['hhl_average_score', 'hhl_current_module'] });
    const id = await createContact(client(sim), learner(1));
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    const error = await store.update(id, { hhl_average_score: '1', hhl_current_module: 'm', hhl_total_progress: '1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, options: { missingProperties: ['hhl_average_score', 'hhl_current_module'] } });
  });
});

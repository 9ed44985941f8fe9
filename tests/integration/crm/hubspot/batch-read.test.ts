import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../../src/identity.js';
import type { HubSpotCall } from '../../../../src/crm/hubspot/hubspot-store.js';
import {
  BASE_URL,
  CONTACTS,
  BATCH_READ,
  batchBody,
  contactBody,
  createStore,
  crmErrorOf,
  emails,
  errorBody,
  itemError,
  rateLimitBody,
  recordPosts,
  version,
  type BatchInputBody,
} from '../../../fixtures/hubspot-batch-kit.js';

const byEmail = (email: string): Identity => ({ kind: 'email', email });
const byId = (contactId: string): Identity => ({ kind: 'id', contactId });

/** Answers a batch read with one contact per input: id `c-<email>` by email, the id itself by id. */
function everyoneExists(body: BatchInputBody): [number, unknown] {
  const results = body.inputs.map(({ id = '' }) =>
    body.idProperty === 'email' ? contactBody(`c-${id}`, { email: id, hhl_progress_state: '{}' }) : contactBody(id, { hhl_progress_state: '{}' }),
  );
  return [200, batchBody(results)];
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('createHubSpotStore: readMany', () => {
  it('reads emails with idProperty email, asking for email and hs_additional_emails too, and answers them by identity key', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, () => [
      200,
      batchBody([
        contactBody('101', { email: 'ada@example.com', hhl_progress_state: '{"v":1}' }),
        contactBody('102', { email: 'grace@example.com', hhl_progress_state: null }),
      ]),
    ]);

    // Act
    const found = await store.readMany([byEmail('ada@example.com'), byEmail('grace@example.com')], ['hhl_progress_state']);

    // Assess
    expect(bodies).toEqual([
      {
        idProperty: 'email',
        inputs: [{ id: 'ada@example.com' }, { id: 'grace@example.com' }],
        properties: ['hhl_progress_state', 'email', 'hs_additional_emails'],
        propertiesWithHistory: [],
      },
    ]);
    expect([...found.keys()]).toEqual(['email:ada@example.com', 'email:grace@example.com']);
    expect(found.get('email:ada@example.com')).toEqual({
      id: '101',
      properties: { hs_object_id: '101', email: 'ada@example.com', hhl_progress_state: '{"v":1}' },
    });
    expect(store.calls).toBe(1);
  });

  it('reads ids without idProperty, asking for hs_merged_object_ids and not for email', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, everyoneExists);

    // Act
    const found = await store.readMany([byId('101'), byId('102')], ['hhl_progress_state', 'email']);

    // Assess
    expect(bodies).toEqual([
      { inputs: [{ id: '101' }, { id: '102' }], properties: ['hhl_progress_state', 'email', 'hs_merged_object_ids'], propertiesWithHistory: [] },
    ]);
    expect([...found.keys()]).toEqual(['id:101', 'id:102']);
    expect(found.get('id:102')?.id).toBe('102');
  });

  it('makes one call per kind when emails and ids are mixed', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, everyoneExists);

    // Act
    const found = await store.readMany([byId('7'), byEmail('ada@example.com'), byId('8')], ['hhl_progress_state']);

    // Assess
    expect(bodies.map((b) => [b.idProperty, b.inputs.map((i) => i.id)])).toEqual([
      ['email', ['ada@example.com']],
      [undefined, ['7', '8']],
    ]);
    expect([...found.keys()].sort()).toEqual(['email:ada@example.com', 'id:7', 'id:8']);
    expect(store.calls).toBe(2);
  });

  it('sends each record once and answers every identity that named it', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, everyoneExists);

    // Act
    const found = await store.readMany(
      [byEmail('ada@example.com'), byEmail(' ADA@Example.com '), byEmail('ada@example.com'), byId('7'), byId('7')],
      ['hhl_progress_state'],
    );

    // Assess
    expect(bodies.map((b) => b.inputs)).toEqual([[{ id: 'ada@example.com' }], [{ id: '7' }]]);
    expect(found.get('email:ada@example.com')?.id).toBe('c-ada@example.com');
    expect(found.get('email: ADA@Example.com ')?.id).toBe('c-ada@example.com');
    expect(found.get('id:7')?.id).toBe('7');
  });

  it('splits 250 emails into chunks of 100, 100 and 50', async () => {
    // Prepare
    const store = createStore();
    const list = emails(250);
    const { bodies } = recordPosts(BATCH_READ, everyoneExists);

    // Act
    const found = await store.readMany(list.map(byEmail), ['hhl_progress_state']);

    // Assess
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 100, 50]);
    expect(bodies.flatMap((b) => b.inputs.map((i) => i.id))).toEqual(list);
    expect(found.size).toBe(250);
    expect(store.calls).toBe(3);
  });

  it('splits into chunks of 50 when history is asked for, and sends propertiesWithHistory', async () => {
    // Prepare
    const store = createStore();
    const ids = Array.from({ length: 120 }, (_, i) => String(1000 + i));
    const { bodies } = recordPosts(BATCH_READ, everyoneExists);

    // Act
    const found = await store.readMany(ids.map(byId), ['hhl_progress_state'], { history: ['hhl_progress_state'] });

    // Assess
    expect(bodies.map((b) => b.inputs.length)).toEqual([50, 50, 20]);
    expect(bodies.every((b) => JSON.stringify(b.propertiesWithHistory) === '["hhl_progress_state"]')).toBe(true);
    expect(found.size).toBe(120);
  });

  it('leaves out the identities a 207 reports as OBJECT_NOT_FOUND', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_READ, () => [
      207,
      batchBody([contactBody('101', { email: 'ada@example.com' })], [itemError('OBJECT_NOT_FOUND', ['nobody@example.com'])]),
    ]);

    // Act
    const found = await store.readMany([byEmail('ada@example.com'), byEmail('nobody@example.com')], ['email']);

    // Assess
    expect([...found.keys()]).toEqual(['email:ada@example.com']);
  });

  it('maps propertiesWithHistory of each result to its history, newest first', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_READ, () => [
      200,
      batchBody([
        contactBody('101', { email: 'ada@example.com', hhl_progress_state: '{"v":2}' }, {
          hhl_progress_state: [version('{"v":2}', '2026-01-18T17:30:00.000Z'), version('{"v":1}', '2026-01-18T17:25:00.000Z')],
        }),
      ]),
    ]);

    // Act
    const found = await store.readMany([byEmail('ada@example.com')], ['hhl_progress_state'], { history: ['hhl_progress_state'] });

    // Assess
    expect(found.get('email:ada@example.com')?.history).toEqual({
      hhl_progress_state: [
        { value: '{"v":2}', timestamp: '2026-01-18T17:30:00.000Z' },
        { value: '{"v":1}', timestamp: '2026-01-18T17:25:00.000Z' },
      ],
    });
  });

  it('makes no call for an empty list', async () => {
    // Prepare
    const store = createStore();

    // Act
    const found = await store.readMany([], ['email']);

    // Assess
    expect(found.size).toBe(0);
    expect(store.calls).toBe(0);
  });

  it('throws a retryable RATE_LIMIT CrmError with retryAfterSeconds after one request on a 429', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, () => [429, rateLimitBody, { 'Retry-After': '3' }]);

    // Act
    const error = await crmErrorOf(store.readMany([byEmail('ada@example.com')], ['email']));

    // Assess
    expect(bodies).toHaveLength(1);
    expect(error.options).toMatchObject({ status: 429, retryable: true, category: 'RATE_LIMIT', retryAfterSeconds: 3 });
  });

  it('throws a retryable CrmError on a 5xx and stops at the failing chunk', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_READ, (_body, index) => (index === 0 ? everyoneExists(_body) : [503, errorBody('INTERNAL_ERROR', 'down')]));

    // Act
    const error = await crmErrorOf(store.readMany([...emails(150).map(byEmail), byId('7')], ['email']));

    // Assess
    expect(bodies).toHaveLength(2);
    expect(error.options).toMatchObject({ status: 503, retryable: true });
  });

  it('reports each batch call as batchRead with its path, never an email', async () => {
    // Prepare
    const calls: HubSpotCall[] = [];
    const store = createStore({ onCall: (call) => calls.push(call) });
    recordPosts(BATCH_READ, everyoneExists);

    // Act
    await store.readMany([byEmail('ada@example.com')], ['email']);

    // Assess
    expect(calls.map(({ ms: _ms, ...call }) => call)).toEqual([{ operation: 'batchRead', method: 'POST', path: BATCH_READ, status: 200 }]);
    expect(JSON.stringify(calls)).not.toContain('ada@');
  });

  it('reads alone an input the batch answered without naming it (a merged id, no hs_merged_object_ids), never losing it', async () => {
    // Prepare: HubSpot answers the old id 7 under the merged record 9 and says nothing else
    const store = createStore();
    recordPosts(BATCH_READ, () => [200, batchBody([contactBody('9', { hhl_progress_state: '{}' })])]);
    const single = nock(BASE_URL).get(`${CONTACTS}/7`).query(true).reply(200, contactBody('9', { hhl_progress_state: '{}' }));

    // Act
    const found = await store.readMany([byId('7')], ['hhl_progress_state']);

    // Assess
    expect(single.isDone()).toBe(true);
    expect(found.get('id:7')?.id).toBe('9');
    expect(store.calls).toBe(2);
  });

  it('reads alone nothing HubSpot reported missing', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_READ, () => [207, batchBody([], [itemError('OBJECT_NOT_FOUND', ['Ghost@example.com'])])]);

    // Act
    const found = await store.readMany([byEmail('ghost@example.com')], ['email']);

    // Assess
    expect(found.size).toBe(0);
    expect(store.calls).toBe(1);
  });
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../../../src/errors.js';
import {
  BASE_URL,
  BATCH_CREATE,
  batchBody,
  CONTACTS,
  contactBody,
  createStore,
  crmErrorOf,
  emails,
  errorBody,
  invalidValuesBody,
  itemError,
  rateLimitBody,
  recordPosts,
  type BatchInputBody,
} from '../../../fixtures/hubspot-batch-kit.js';

/** Answers a batch create with one new contact per input, ids from `first` on, in reverse order (HubSpot does not promise order). */
function createsAll(first = 500) {
  let next = first;
  return (body: BatchInputBody): [number, unknown] => {
    const results = body.inputs.map((input) => contactBody(String(next++), { email: input.properties?.email ?? null }));
    return [201, batchBody(results.reverse())];
  };
}

const conflict = (id: string) => errorBody('CONFLICT', `Contact already exists. Existing ID: ${id}`);

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('createHubSpotStore: createMany', () => {
  it('creates leads with the email and the properties in one batch/create, each input traced, matching results by email', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_CREATE, createsAll(201));

    // Act
    const results = await store.createMany([
      { email: 'ada@example.com', properties: { hhl_progress_state: '{"v":1}' } },
      { email: 'grace@example.com', properties: { hhl_progress_state: '{"v":2}', lifecyclestage: 'customer', email: 'other@example.com' } },
    ]);

    // Assess
    expect(bodies).toEqual([
      {
        inputs: [
          { objectWriteTraceId: '0', properties: { email: 'ada@example.com', lifecyclestage: 'lead', hhl_progress_state: '{"v":1}' } },
          { objectWriteTraceId: '1', properties: { email: 'grace@example.com', lifecyclestage: 'customer', hhl_progress_state: '{"v":2}' } },
        ],
      },
    ]);
    expect(results.created).toEqual(
      new Map([
        ['ada@example.com', { id: '201', created: true }],
        ['grace@example.com', { id: '202', created: true }],
      ]),
    );
    expect(results.failed.size).toBe(0);
    expect(store.calls).toBe(1);
  });

  it('sends emails lower-cased and trimmed, and answers them as the caller spelled them', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_CREATE, createsAll(300));

    // Act
    const results = await store.createMany([{ email: ' Ada@Example.COM ', properties: {} }]);

    // Assess
    expect(bodies[0]?.inputs[0]?.properties?.email).toBe('ada@example.com');
    expect(results.created.get(' Ada@Example.COM ')).toEqual({ id: '300', created: true });
  });

  it('splits 150 creates into chunks of 100 and 50', async () => {
    // Prepare
    const store = createStore();
    const list = emails(150);
    const { bodies } = recordPosts(BATCH_CREATE, createsAll());

    // Act
    const results = await store.createMany(list.map((email) => ({ email, properties: {} })));

    // Assess
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 50]);
    expect(results.created.size).toBe(150);
    expect([...results.created.values()].every((r) => r.created)).toBe(true);
    expect(new Set([...results.created.values()].map((r) => r.id)).size).toBe(150);
    expect(store.calls).toBe(2);
  });

  it('creates a chunk answered 409 as a whole (a portal that ignores trace ids) one by one, answering the existing contact with created false', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_CREATE, () => [409, conflict('12345')]);
    const singles = nock(BASE_URL)
      .post(CONTACTS, { properties: { lifecyclestage: 'lead', hhl_progress_state: '{}', email: 'ada@example.com' } })
      .reply(201, contactBody('601', {}))
      .post(CONTACTS, { properties: { lifecyclestage: 'lead', hhl_progress_state: '{}', email: 'grace@example.com' } })
      .reply(409, conflict('12345'));

    // Act
    const results = await store.createMany([
      { email: 'ada@example.com', properties: { hhl_progress_state: '{}' } },
      { email: 'grace@example.com', properties: { hhl_progress_state: '{}' } },
    ]);

    // Assess
    expect(bodies).toHaveLength(1);
    expect(singles.isDone()).toBe(true);
    expect(results.created).toEqual(
      new Map([
        ['ada@example.com', { id: '601', created: true }],
        ['grace@example.com', { id: '12345', created: false }],
      ]),
    );
    expect(store.calls).toBe(3);
  });

  it('falls back only for the chunk that was answered 409', async () => {
    // Prepare
    const store = createStore();
    const list = emails(101);
    const created = createsAll(1);
    const { bodies } = recordPosts(BATCH_CREATE, (body, index) => (index === 0 ? created(body) : [409, conflict('999')]));
    const single = nock(BASE_URL).post(CONTACTS).reply(409, conflict('999'));

    // Act
    const results = await store.createMany(list.map((email) => ({ email, properties: {} })));

    // Assess
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 1]);
    expect(single.isDone()).toBe(true);
    expect(results.created.get(list[100] ?? '')).toEqual({ id: '999', created: false });
    expect([...results.created.values()].filter((r) => r.created)).toHaveLength(100);
    expect(store.calls).toBe(3);
  });

  it('answers each input of a 207 from its trace id: a conflict with the existing id, a refusal alone', async () => {
    // Prepare: HubSpot's documented 207 (errors name their input in context.objectWriteTraceId)
    const store = createStore();
    const { bodies } = recordPosts(BATCH_CREATE, () => [
      207,
      batchBody(
        [contactBody('801', { email: 'grace@example.com' })],
        [
          { status: 'error', category: 'CONFLICT', message: 'Contact already exists. Existing ID: 171591000198', context: { objectWriteTraceId: ['0'], existingId: ['171591000198'] } },
          { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: [{"isValid":false,"message":"Email address x is invalid","error":"INVALID_EMAIL","name":"email"}]', context: { objectWriteTraceId: ['2'] } },
        ],
      ),
    ]);

    // Act
    const results = await store.createMany([
      { email: 'ada@example.com', properties: {} },
      { email: 'grace@example.com', properties: {} },
      { email: 'bad@example.com', properties: {} },
    ]);

    // Assess: one call settles all three
    expect(bodies).toHaveLength(1);
    expect(store.calls).toBe(1);
    expect(results.created).toEqual(
      new Map([
        ['ada@example.com', { id: '171591000198', created: false }],
        ['grace@example.com', { id: '801', created: true }],
      ]),
    );
    expect(results.failed.get('bad@example.com')?.options).toMatchObject({ status: 400, retryable: false, category: 'VALIDATION_ERROR' });
  });

  it('creates one by one the inputs a 207 answers with an error it does not tie to a trace id', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_CREATE, () => [
      207,
      batchBody([contactBody('701', { email: 'ada@example.com' })], [itemError('CONFLICT', [], 'Contact already exists. Existing ID: 42')]),
    ]);
    const single = nock(BASE_URL).post(CONTACTS).reply(409, conflict('42'));

    // Act
    const results = await store.createMany([
      { email: 'ada@example.com', properties: {} },
      { email: 'grace@example.com', properties: {} },
    ]);

    // Assess
    expect(single.isDone()).toBe(true);
    expect(results.created.get('ada@example.com')).toEqual({ id: '701', created: true });
    expect(results.created.get('grace@example.com')).toEqual({ id: '42', created: false });
  });

  it('throws a programming error, not a CrmError, for two inputs with one email, before any request', async () => {
    // Prepare
    const store = createStore();

    // Act
    const failure = store.createMany([
      { email: 'ada@example.com', properties: {} },
      { email: 'ADA@example.com ', properties: {} },
    ]);

    // Assess
    await expect(failure).rejects.toThrow(/must be distinct/);
    await expect(failure).rejects.not.toBeInstanceOf(CrmError);
    expect(store.calls).toBe(0);
  });

  it('throws a retryable RATE_LIMIT CrmError with retryAfterSeconds on a 429', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_CREATE, () => [429, rateLimitBody, { 'Retry-After': '9' }]);

    // Act
    const error = await crmErrorOf(store.createMany([{ email: 'ada@example.com', properties: {} }]));

    // Assess
    expect(bodies).toHaveLength(1);
    expect(error.options).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 9 });
  });

  it('answers the 400 of a chunk of one as that input’s failure, with no call more', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_CREATE, () => [400, invalidValuesBody('hhl_total_progress', 'INVALID_NUMBER', 'three was not a valid number.')]);

    // Act
    const results = await store.createMany([{ email: 'ada@example.com', properties: { hhl_total_progress: 'three' } }]);

    // Assess
    expect(results.failed.get('ada@example.com')?.options).toMatchObject({ status: 400, retryable: false, category: 'VALIDATION_ERROR' });
    expect(store.calls).toBe(1);
  });

  it('isolates a chunk refused whole with 400: each input alone, so only the bad one fails', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_CREATE, () => [400, invalidValuesBody('hhl_total_progress', 'INVALID_NUMBER', 'three was not a valid number.')]);
    nock(BASE_URL)
      .post(CONTACTS, (body) => body.properties.email === 'ada@example.com')
      .reply(201, contactBody('901', {}))
      .post(CONTACTS, (body) => body.properties.email === 'bad@example.com')
      .reply(400, invalidValuesBody('hhl_total_progress', 'INVALID_NUMBER', 'three was not a valid number.'));

    // Act
    const results = await store.createMany([
      { email: 'ada@example.com', properties: { hhl_total_progress: '3' } },
      { email: 'bad@example.com', properties: { hhl_total_progress: 'three' } },
    ]);

    // Assess
    expect(results.created).toEqual(new Map([['ada@example.com', { id: '901', created: true }]]));
    expect([...results.failed.keys()]).toEqual(['bad@example.com']);
    expect(store.calls).toBe(3);
  });

  it('makes no call for an empty list', async () => {
    // Prepare
    const store = createStore();

    // Act
    const results = await store.createMany([]);

    // Assess
    expect(results.created.size + results.failed.size).toBe(0);
    expect(store.calls).toBe(0);
  });
});

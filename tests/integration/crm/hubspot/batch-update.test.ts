import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../../../src/errors.js';
import {
  BASE_URL,
  BATCH_READ,
  BATCH_UPDATE,
  batchBody,
  CONTACTS,
  contactBody,
  createStore,
  crmErrorOf,
  errorBody,
  invalidValuesBody,
  itemError,
  rateLimitBody,
  recordPosts,
  type BatchInputBody,
} from '../../../fixtures/hubspot-batch-kit.js';

/** Answers a batch update with every input updated. */
const updatesAll = (body: BatchInputBody): [number, unknown] => [200, batchBody(body.inputs.map((i) => contactBody(i.id ?? '', {})))];

const ids = (n: number, first = 1000) => Array.from({ length: n }, (_, i) => String(first + i));
const invalidNumber = invalidValuesBody('hhl_total_progress', 'INVALID_NUMBER', 'three was not a valid number.');

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('createHubSpotStore: updateMany', () => {
  it('updates by record id in one batch/update and reports no failure', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_UPDATE, updatesAll);

    // Act
    const { failed } = await store.updateMany([
      { id: '101', properties: { hhl_progress_state: '{"v":1}' } },
      { id: '102', properties: { hhl_progress_state: '{"v":2}', hhl_total_progress: '2' } },
    ]);

    // Assess
    expect(bodies).toEqual([
      {
        inputs: [
          { id: '101', properties: { hhl_progress_state: '{"v":1}' } },
          { id: '102', properties: { hhl_progress_state: '{"v":2}', hhl_total_progress: '2' } },
        ],
      },
    ]);
    expect(failed.size).toBe(0);
    expect(store.calls).toBe(1);
  });

  it('splits 230 updates into chunks of 100, 100 and 30', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_UPDATE, updatesAll);

    // Act
    const { failed } = await store.updateMany(ids(230).map((id) => ({ id, properties: { hhl_total_progress: '1' } })));

    // Assess
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 100, 30]);
    expect(failed.size).toBe(0);
    expect(store.calls).toBe(3);
  });

  it('fails only the ids a 207 reports, with a non-retryable 404 for OBJECT_NOT_FOUND once a read shows them not merged', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_UPDATE, () => [207, batchBody([contactBody('101', {})], [itemError('OBJECT_NOT_FOUND', ['102'])])]);
    const { bodies: reads } = recordPosts(BATCH_READ, () => [207, batchBody([], [itemError('OBJECT_NOT_FOUND', ['102'])])]);

    // Act
    const { failed } = await store.updateMany([
      { id: '101', properties: { hhl_total_progress: '1' } },
      { id: '102', properties: { hhl_total_progress: '1' } },
    ]);

    // Assess
    expect([...failed.keys()]).toEqual(['102']);
    const error = failed.get('102');
    expect(error).toBeInstanceOf(CrmError);
    expect(error?.options).toMatchObject({ status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
    expect(reads).toEqual([{ inputs: [{ id: '102' }], properties: ['hs_merged_object_ids'], propertiesWithHistory: [] }]);
    expect(store.calls).toBe(2);
  });

  it('isolates a chunk refused with 400 by updating its inputs one by one, failing only the invalid one', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_UPDATE, () => [400, invalidNumber]);
    const singles = nock(BASE_URL)
      .patch(`${CONTACTS}/101`, { properties: { hhl_total_progress: '1' } })
      .reply(200, contactBody('101', {}))
      .patch(`${CONTACTS}/102`, { properties: { hhl_total_progress: 'three' } })
      .reply(400, invalidNumber)
      .patch(`${CONTACTS}/103`, { properties: { hhl_total_progress: '3' } })
      .reply(200, contactBody('103', {}));

    // Act
    const { failed } = await store.updateMany([
      { id: '101', properties: { hhl_total_progress: '1' } },
      { id: '102', properties: { hhl_total_progress: 'three' } },
      { id: '103', properties: { hhl_total_progress: '3' } },
    ]);

    // Assess
    expect(bodies).toHaveLength(1);
    expect(singles.isDone()).toBe(true);
    expect([...failed.keys()]).toEqual(['102']);
    expect(failed.get('102')?.options).toMatchObject({ status: 400, retryable: false, category: 'VALIDATION_ERROR' });
    expect(store.calls).toBe(4);
  });

  it('fails a chunk of one refused with 400 without sending it again', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_UPDATE, () => [400, invalidNumber]);

    // Act
    const { failed } = await store.updateMany([{ id: '102', properties: { hhl_total_progress: 'three' } }]);

    // Assess
    expect(failed.get('102')?.options).toMatchObject({ status: 400, retryable: false });
    expect(store.calls).toBe(1);
  });

  it('throws a retryable RATE_LIMIT CrmError with retryAfterSeconds on a 429', async () => {
    // Prepare
    const store = createStore();
    const { bodies } = recordPosts(BATCH_UPDATE, () => [429, rateLimitBody, { 'Retry-After': '5' }]);

    // Act
    const error = await crmErrorOf(store.updateMany([{ id: '101', properties: { hhl_total_progress: '1' } }]));

    // Assess
    expect(bodies).toHaveLength(1);
    expect(error.options).toMatchObject({ status: 429, retryable: true, category: 'RATE_LIMIT', retryAfterSeconds: 5 });
  });

  it.each([500, 503])('throws a retryable CrmError on a %i', async (status) => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_UPDATE, () => [status, errorBody('INTERNAL_ERROR', 'internal error')]);

    // Act
    const error = await crmErrorOf(store.updateMany([{ id: '101', properties: {} }]));

    // Assess
    expect(error.options).toMatchObject({ status, retryable: true });
  });

  it('throws the retryable CrmError of a 429 met while isolating', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_UPDATE, () => [400, invalidNumber]);
    nock(BASE_URL).patch(`${CONTACTS}/101`).reply(429, rateLimitBody, { 'Retry-After': '2' });

    // Act
    const error = await crmErrorOf(
      store.updateMany([
        { id: '101', properties: { hhl_total_progress: '1' } },
        { id: '102', properties: { hhl_total_progress: 'three' } },
      ]),
    );

    // Assess
    expect(error.options).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 2 });
    expect(store.calls).toBe(2);
  });

  it('fails as retryable an id HubSpot answered neither as a result nor as an error, when a read shows it still there', async () => {
    // Prepare
    const store = createStore();
    recordPosts(BATCH_UPDATE, () => [200, batchBody([contactBody('101', {})])]);
    recordPosts(BATCH_READ, () => [200, batchBody([contactBody('102', { hs_merged_object_ids: null })])]);

    // Act
    const { failed } = await store.updateMany([
      { id: '101', properties: {} },
      { id: '102', properties: {} },
    ]);

    // Assess
    expect([...failed.keys()]).toEqual(['102']);
    expect(failed.get('102')?.options).toMatchObject({ retryable: true, category: 'UNCONFIRMED' });
  });

  it('throws a programming error, not a CrmError, for two inputs with one id, before any request', async () => {
    // Prepare
    const store = createStore();

    // Act
    const failure = store.updateMany([
      { id: '101', properties: {} },
      { id: '101', properties: {} },
    ]);

    // Assess
    await expect(failure).rejects.toThrow(/must be distinct/);
    await expect(failure).rejects.not.toBeInstanceOf(CrmError);
    expect(store.calls).toBe(0);
  });
});

import { Client } from '@hubspot/api-client';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotStore, type HubSpotCall, type HubSpotStoreOptions } from '../../../../src/crm/hubspot/hubspot-store.js';
import { CrmError } from '../../../../src/errors.js';

const BASE_URL = 'https://api.hubspot.test';
const TOKEN = 'pat-na1-00000000-test-secret-token';
const CONTACTS = '/crm/v3/objects/contacts';
const EMAIL = 'ada@example.com';

const createStore = (overrides: Partial<HubSpotStoreOptions> = {}) =>
  createHubSpotStore({ token: TOKEN, baseUrl: BASE_URL, timeoutMs: 2_000, ...overrides });

const contactBody = (id: string, properties: Record<string, string | null>) => ({
  id,
  properties,
  createdAt: '2026-01-18T10:00:00.000Z',
  updatedAt: '2026-01-18T10:00:00.000Z',
  archived: false,
});

const errorBody = (category: string, message: string) => ({
  status: 'error',
  message,
  correlationId: '7a1f3c9e-0000-4000-8000-000000000000',
  category,
});

const invalidValuesBody = (items: { message: string; error: string; name: string }[]) =>
  errorBody('VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(items.map((i) => ({ isValid: false, ...i })))}`);

const rateLimitBody = {
  status: 'error',
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
  message: 'You have reached your ten_secondly_rolling limit.',
  correlationId: '7a1f3c9e-0000-4000-8000-000000000001',
};

/** Resolves with the CrmError a call rejects with; fails the test if it resolves or rejects with anything else. */
async function crmErrorOf(work: Promise<unknown>): Promise<CrmError> {
  const error = await work.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrmError);
  const crmError = error as CrmError;
  expect(crmError.message).not.toContain(TOKEN);
  return crmError;
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

describe('createHubSpotStore', () => {
  describe('read', () => {
    it('reads a contact by email with idProperty=email and the requested properties', async () => {
      // Prepare
      const store = createStore();
      let requestedPath = '';
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/ada%40example.com`)
        .query(true)
        .reply(200, (uri) => {
          requestedPath = uri;
          return contactBody('101', { email: EMAIL, hhl_progress_state: '{}', hhl_total_progress: null });
        });

      // Act
      const contact = await store.read({ kind: 'email', email: EMAIL }, ['email', 'hhl_progress_state', 'hhl_total_progress']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(requestedPath).toBe(
        `${CONTACTS}/ada%40example.com?properties=email&properties=hhl_progress_state&properties=hhl_total_progress&idProperty=email`,
      );
      expect(contact).toEqual({ id: '101', properties: { email: EMAIL, hhl_progress_state: '{}', hhl_total_progress: null } });
    });

    it('URL-encodes the email once in the path', async () => {
      // Prepare
      const store = createStore();
      let requestedPath = '';
      const scope = nock(BASE_URL)
        .get(/.*/)
        .reply(200, (uri) => {
          requestedPath = uri;
          return contactBody('102', {});
        });

      // Act
      await store.read({ kind: 'email', email: 'ada+tag/x@example.com' }, ['email']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(requestedPath).toBe(`${CONTACTS}/ada%2Btag%2Fx%40example.com?properties=email&idProperty=email`);
    });

    it('reads a contact by id without idProperty', async () => {
      // Prepare
      const store = createStore();
      let requestedPath = '';
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/101`)
        .query(true)
        .reply(200, (uri) => {
          requestedPath = uri;
          return contactBody('101', { hhl_progress_state: '{"courses":{}}' });
        });

      // Act
      const contact = await store.read({ kind: 'id', contactId: '101' }, ['hhl_progress_state']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(requestedPath).toBe(`${CONTACTS}/101?properties=hhl_progress_state`);
      expect(contact).toEqual({ id: '101', properties: { hhl_progress_state: '{"courses":{}}' } });
    });

    it('answers null when HubSpot answers 404', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/ada%40example.com`)
        .query(true)
        .reply(404, errorBody('OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.'));

      // Act
      const contact = await store.read({ kind: 'email', email: EMAIL }, ['email']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(contact).toBeNull();
    });

    it('sends the token as a Bearer Authorization header', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
        .get(`${CONTACTS}/101`)
        .query(true)
        .reply(200, contactBody('101', {}));

      // Act
      const contact = await store.read({ kind: 'id', contactId: '101' }, ['email']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(contact?.id).toBe('101');
    });
  });

  describe('create', () => {
    it('creates a lead with the email and the properties', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .post(CONTACTS, { properties: { lifecyclestage: 'lead', hhl_progress_state: '{}', email: EMAIL } })
        .reply(201, contactBody('201', { email: EMAIL }));

      // Act
      const result = await store.create(EMAIL, { hhl_progress_state: '{}' });

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(result).toEqual({ id: '201', created: true });
    });

    it('answers the existing id with created false when HubSpot answers 409', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .post(CONTACTS)
        .reply(409, errorBody('CONFLICT', 'Contact already exists. Existing ID: 12345'));

      // Act
      const result = await store.create(EMAIL, { hhl_progress_state: '{}' });

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(result).toEqual({ id: '12345', created: false });
    });

    it('reads the contact by email when a 409 names no existing id (HubSpot’s message does not always)', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .post(CONTACTS)
        .reply(409, errorBody('CONFLICT', 'Contact already exists'))
        .get(`${CONTACTS}/${encodeURIComponent(EMAIL)}`)
        .query(true)
        .reply(200, contactBody('4242', { email: EMAIL }));

      // Act
      const result = await store.create(EMAIL, {});

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(result).toEqual({ id: '4242', created: false });
    });

    it('throws a non-retryable CrmError when a 409 names no existing id and no contact has the email', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL).post(CONTACTS).reply(409, errorBody('CONFLICT', 'Conflict.')).get(`${CONTACTS}/${encodeURIComponent(EMAIL)}`).query(true).reply(404, errorBody('OBJECT_NOT_FOUND', 'Not found'));

      // Act
      const error = await crmErrorOf(store.create(EMAIL, {}));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 409, retryable: false, category: 'CONFLICT' });
    });
  });

  describe('update', () => {
    it('patches the properties of the contact with this id', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .patch(`${CONTACTS}/101`, { properties: { hhl_progress_state: '{}', hhl_last_activity: '2026-01-18' } })
        .reply(200, contactBody('101', {}));

      // Act
      await store.update('101', { hhl_progress_state: '{}', hhl_last_activity: '2026-01-18' });

      // Assess
      expect(scope.isDone()).toBe(true);
    });

    it('throws a non-retryable CrmError with status 404 when the contact is gone', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL).patch(`${CONTACTS}/101`).reply(404, errorBody('OBJECT_NOT_FOUND', 'Object not found.'));

      // Act
      const error = await crmErrorOf(store.update('101', { hhl_progress_state: '{}' }));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
    });
  });

  describe('retryable failures', () => {
    it.each([500, 502, 503, 504])('throws a retryable CrmError after exactly one request when HubSpot answers %i', async (status) => {
      // Prepare
      const store = createStore();
      let requests = 0;
      nock(BASE_URL)
        .patch(`${CONTACTS}/101`)
        .reply(() => {
          requests += 1;
          return [status, errorBody('INTERNAL_ERROR', 'internal error')];
        })
        .persist();

      // Act
      const error = await crmErrorOf(store.update('101', { hhl_progress_state: '{}' }));

      // Assess
      expect(requests).toBe(1);
      expect(store.calls).toBe(1);
      expect(error.options).toMatchObject({ status, retryable: true });
      expect(error.message).toContain(`(${status})`);
    });

    it('keeps the status of a 502 that has no body and no Content-Type', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL).get(`${CONTACTS}/101`).query(true).reply(502);

      // Act
      const error = await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 502, retryable: true });
    });

    it('makes one request even when a Client with retries is created later in the process', async () => {
      // Prepare
      const store = createStore();
      new Client({ accessToken: 'another-token', numberOfApiCallRetries: 3 });
      let requests = 0;
      nock(BASE_URL)
        .get(`${CONTACTS}/101`)
        .query(true)
        .reply(() => {
          requests += 1;
          return [500, errorBody('INTERNAL_ERROR', 'internal error')];
        })
        .persist();

      // Act
      const error = await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(requests).toBe(1);
      expect(error.retryable).toBe(true);
    });

    it('throws a retryable RATE_LIMIT CrmError with retryAfterSeconds when a 429 has Retry-After', async () => {
      // Prepare
      const store = createStore();
      let requests = 0;
      nock(BASE_URL)
        .post(CONTACTS)
        .reply(() => {
          requests += 1;
          return [429, rateLimitBody, { 'Retry-After': '7' }];
        })
        .persist();

      // Act
      const error = await crmErrorOf(store.create(EMAIL, {}));

      // Assess
      expect(requests).toBe(1);
      expect(error.options).toMatchObject({ status: 429, retryable: true, category: 'RATE_LIMIT', retryAfterSeconds: 7 });
      expect(error.message).toContain('TEN_SECONDLY_ROLLING');
    });

    it('throws a retryable RATE_LIMIT CrmError without retryAfterSeconds when a 429 has no Retry-After', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL).patch(`${CONTACTS}/101`).reply(429, rateLimitBody);

      // Act
      const error = await crmErrorOf(store.update('101', {}));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 429, retryable: true, category: 'RATE_LIMIT' });
      expect(error.options.retryAfterSeconds).toBeUndefined();
    });

    it('throws a retryable timeout CrmError when HubSpot answers after timeoutMs', async () => {
      // Prepare
      const store = createStore({ timeoutMs: 150 });
      const scope = nock(BASE_URL).get(`${CONTACTS}/101`).query(true).delay(3_000).reply(200, contactBody('101', {}));
      const started = Date.now();

      // Act
      const error = await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ retryable: true });
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(/timeout/i);
      expect(Date.now() - started).toBeLessThan(2_500);
    });

    it('throws a retryable network CrmError when the connection fails', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/101`)
        .query(true)
        .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });

      // Act
      const error = await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ retryable: true });
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(/network/i);
    });
  });

  describe('non-retryable failures', () => {
    it('throws a VALIDATION_ERROR CrmError naming the invalid date properties on a 400 INVALID_DATE', async () => {
      // Prepare
      const store = createStore();
      const body = invalidValuesBody([
        {
          message: '2026-01-18T17:30:00.000Z is at 17:30:0.0 UTC, not midnight!',
          error: 'INVALID_DATE',
          name: 'hhl_progress_updated_at',
        },
      ]);
      const scope = nock(BASE_URL).patch(`${CONTACTS}/101`).reply(400, body);

      // Act
      const error = await crmErrorOf(store.update('101', { hhl_progress_updated_at: '2026-01-18T17:30:00.000Z' }));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({
        status: 400,
        retryable: false,
        category: 'VALIDATION_ERROR',
        invalidDateProperties: ['hhl_progress_updated_at'],
      });
      expect(error.message).toContain('not midnight!');
    });

    it('keeps the category and message of a 400 PROPERTY_DOESNT_EXIST', async () => {
      // Prepare
      const store = createStore();
      const body = invalidValuesBody([
        { message: 'Property "hhl_progress_state" does not exist', error: 'PROPERTY_DOESNT_EXIST', name: 'hhl_progress_state' },
      ]);
      const scope = nock(BASE_URL).post(CONTACTS).reply(400, body);

      // Act
      const error = await crmErrorOf(store.create(EMAIL, { hhl_progress_state: '{}' }));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 400, retryable: false, category: 'VALIDATION_ERROR' });
      expect(error.options.invalidDateProperties).toBeUndefined();
      expect(error.message).toContain('PROPERTY_DOESNT_EXIST');
    });

    it('says HubSpot rejected the token on a 401', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/101`)
        .query(true)
        .reply(401, errorBody('INVALID_AUTHENTICATION', 'Authentication credentials not found.'));

      // Act
      const error = await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 401, retryable: false });
      expect(error.message).toContain('HubSpot rejected the token (401)');
    });

    it('says scopes are missing on a 403', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .patch(`${CONTACTS}/101`)
        .reply(403, errorBody('MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call."));

      // Act
      const error = await crmErrorOf(store.update('101', {}));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.options).toMatchObject({ status: 403, retryable: false, category: 'MISSING_SCOPES' });
      expect(error.message).toContain('missing scopes');
    });

    it('masks the token when HubSpot echoes it in a message', async () => {
      // Prepare
      const store = createStore();
      const scope = nock(BASE_URL)
        .patch(`${CONTACTS}/101`)
        .reply(400, errorBody('VALIDATION_ERROR', `Bad value near Bearer ${TOKEN}`));

      // Act
      const error = await crmErrorOf(store.update('101', {}));

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(error.message).toContain('[redacted]');
    });
  });

  describe('call reporting', () => {
    it('reports each request with method, path, status and latency, never the email', async () => {
      // Prepare
      const calls: HubSpotCall[] = [];
      const store = createStore({ onCall: (call) => calls.push(call) });
      const scope = nock(BASE_URL)
        .get(`${CONTACTS}/ada%40example.com`)
        .query(true)
        .reply(404, errorBody('OBJECT_NOT_FOUND', 'Object not found.'))
        .post(CONTACTS)
        .reply(201, contactBody('201', {}))
        .patch(`${CONTACTS}/201`)
        .reply(200, contactBody('201', {}));

      // Act
      await store.read({ kind: 'email', email: EMAIL }, ['email']);
      await store.create(EMAIL, {});
      await store.update('201', { hhl_progress_state: '{}' });

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(store.calls).toBe(3);
      expect(calls.map(({ ms: _ms, ...call }) => call)).toEqual([
        { operation: 'read', method: 'GET', path: `${CONTACTS}/{email}?idProperty=email`, status: 404 },
        { operation: 'create', method: 'POST', path: CONTACTS, status: 201 },
        { operation: 'update', method: 'PATCH', path: `${CONTACTS}/201`, status: 200 },
      ]);
      expect(calls.every((call) => Number.isInteger(call.ms) && call.ms >= 0)).toBe(true);
      expect(JSON.stringify(calls)).not.toContain(EMAIL);
    });

    it('reports a timed-out request without a status', async () => {
      // Prepare
      const calls: HubSpotCall[] = [];
      const store = createStore({ timeoutMs: 100, onCall: (call) => calls.push(call) });
      nock(BASE_URL).get(`${CONTACTS}/101`).query(true).delay(2_000).reply(200, contactBody('101', {}));

      // Act
      await crmErrorOf(store.read({ kind: 'id', contactId: '101' }, ['email']));

      // Assess
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ operation: 'read', status: undefined });
    });

    it('answers normally when the onCall hook throws', async () => {
      // Prepare
      const store = createStore({
        onCall: () => {
          throw new Error('logger broke');
        },
      });
      const scope = nock(BASE_URL).get(`${CONTACTS}/101`).query(true).reply(200, contactBody('101', {}));

      // Act
      const contact = await store.read({ kind: 'id', contactId: '101' }, ['email']);

      // Assess
      expect(scope.isDone()).toBe(true);
      expect(contact?.id).toBe('101');
    });
  });
});

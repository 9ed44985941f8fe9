import nock from 'nock';
import { expect } from 'vitest';
import { createHubSpotStore, type HubSpotStoreOptions } from '../../../src/crm/hubspot/hubspot-store.js';
import { CrmError } from '../../../src/errors.js';

/** Shared set-up of the HubSpot store's batch and history specs: a nock'd HubSpot and its answers. */

export const BASE_URL = 'https://api.hubspot.test';
export const TOKEN = 'pat-na1-00000000-test-secret-token';
export const CONTACTS = '/crm/v3/objects/contacts';
export const BATCH_READ = `${CONTACTS}/batch/read`;
export const BATCH_CREATE = `${CONTACTS}/batch/create`;
export const BATCH_UPDATE = `${CONTACTS}/batch/update`;

export const createStore = (overrides: Partial<HubSpotStoreOptions> = {}) =>
  createHubSpotStore({ token: TOKEN, baseUrl: BASE_URL, timeoutMs: 2_000, ...overrides });

export interface VersionBody {
  value: string;
  timestamp: string;
  sourceType: string;
}

export const contactBody = (
  id: string,
  properties: Record<string, string | null>,
  propertiesWithHistory?: Record<string, VersionBody[]>,
) => ({
  id,
  properties: { hs_object_id: id, ...properties },
  ...(propertiesWithHistory === undefined ? {} : { propertiesWithHistory }),
  createdAt: '2026-01-18T10:00:00.000Z',
  updatedAt: '2026-01-18T10:00:00.000Z',
  archived: false,
});

export const version = (value: string, timestamp: string): VersionBody => ({ value, timestamp, sourceType: 'INTEGRATION' });

export const errorBody = (category: string, message: string) => ({
  status: 'error',
  message,
  correlationId: '7a1f3c9e-0000-4000-8000-000000000000',
  category,
});

export const invalidValuesBody = (name: string, error: string, message: string) =>
  errorBody('VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify([{ isValid: false, message, error, name }])}`);

export const rateLimitBody = {
  status: 'error',
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
  message: 'You have reached your ten_secondly_rolling limit.',
  correlationId: '7a1f3c9e-0000-4000-8000-000000000001',
};

/** One per-item error of a 207, naming its records in `context.ids`. */
export const itemError = (category: string, ids: string[], message = 'Could not get some CONTACT objects, they may be deleted or not exist.') => ({
  status: 'error',
  category,
  message,
  context: { ids },
  errors: [],
  links: {},
});

/** A batch answer: 200/201 when `errors` is empty, the 207 shape otherwise. */
export const batchBody = (results: unknown[], errors: unknown[] = []) => ({
  status: 'COMPLETE',
  results,
  ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
  startedAt: '2026-01-18T10:00:00.000Z',
  completedAt: '2026-01-18T10:00:00.100Z',
});

export interface BatchInputBody {
  idProperty?: string;
  properties?: string[];
  propertiesWithHistory?: string[];
  inputs: { id?: string; properties?: Record<string, string> }[];
}

/**
 * Answers every POST to `path` with `respond(body)` and records the bodies, in order. Persisted: the test says how
 * many requests it expects by looking at `bodies`.
 */
export function recordPosts(path: string, respond: (body: BatchInputBody, index: number) => [number, unknown, Record<string, string>?]) {
  const bodies: BatchInputBody[] = [];
  const scope = nock(BASE_URL)
    .post(path)
    .reply((_uri, body) => {
      const input = body as BatchInputBody;
      bodies.push(input);
      return respond(input, bodies.length - 1);
    })
    .persist();
  return { bodies, scope };
}

/** Resolves with the CrmError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function crmErrorOf(work: Promise<unknown>): Promise<CrmError> {
  const error = await work.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrmError);
  const crmError = error as CrmError;
  expect(crmError.message).not.toContain(TOKEN);
  return crmError;
}

/** `n` distinct learner emails. */
export const emails = (n: number, prefix = 'learner') => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

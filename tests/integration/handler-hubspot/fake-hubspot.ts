/**
 * A fake HubSpot for handler tests: nock intercepting the real HTTP requests the real HubSpot store makes, a log of
 * every request it answered and of every request nothing answered, and factories for HubSpot's answers.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, onTestFinished } from 'vitest';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { type AppFixture, type AppFixtureOptions, NOW, createAppFixture } from '../../helpers/app-fixture.js';

export const HUBSPOT_URL = 'http://hubspot.test';
export const TOKEN = 'test-token';
export const CONTACTS = '/crm/v3/objects/contacts';
export const EMAIL = 'learner@example.com';
/** The learner's email as a path segment, URL-encoded once. */
export const EMAIL_PATH = `${CONTACTS}/learner%40example.com`;

/** `properties=` for everything the service reads, in the order it asks for them. */
export const READ_QUERY = [
  'email',
  'hhl_progress_state',
  'hhl_progress_updated_at',
  'hhl_progress_summary',
  'hhl_enrolled_courses',
  'hhl_completed_courses',
  'hhl_total_progress',
  'hhl_last_activity',
  'hhl_average_score',
  'hhl_study_minutes',
  'hhl_current_module',
  'hhl_progress_percent',
  'hhl_last_viewed_type',
  'hhl_last_viewed_slug',
  'hhl_last_viewed_at',
]
  .map((name) => `properties=${name}`)
  .concat('propertiesWithHistory=hhl_progress_state')
  .join('&');

/** The progress properties every progress write holds (the optional metrics included), sorted. */
export const PROGRESS_WRITE_PROPERTIES = [
  'hhl_average_score',
  'hhl_completed_courses',
  'hhl_current_module',
  'hhl_enrolled_courses',
  'hhl_last_activity',
  'hhl_progress_percent',
  'hhl_progress_state',
  'hhl_progress_summary',
  'hhl_progress_updated_at',
  'hhl_study_minutes',
  'hhl_total_progress',
];

/** A time before {@link NOW}: when the learner's stored progress was last written. */
export const EARLIER = '2026-11-20T09:00:00.000Z';

export { NOW };

/** Blocks real network for the file and drops leftover interceptors after each test. */
export function guardNetwork(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());
}

/**
 * The real handler over the real HubSpot store (300 ms budget per call), pointed at {@link HUBSPOT_URL}.
 * Logs are captured in `app.logs`.
 */
export function createHubSpotApp(options: Omit<AppFixtureOptions, 'store'> = {}): AppFixture {
  const store = createHubSpotStore({ token: TOKEN, baseUrl: HUBSPOT_URL, timeoutMs: 300 });
  return createAppFixture({ ...options, store });
}

export interface HubSpotRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  authorization: string | undefined;
  /** Parsed JSON body; undefined for a GET. */
  body: any;
}

export interface FakeHubSpot {
  /** Add the expected answers here, in order (`hubspot.scope.get(…).query(true).reply(…)`). */
  scope: nock.Scope;
  /** Every request an interceptor answered, in order. */
  requests: HubSpotRequest[];
  /** Every request no interceptor answered (an unexpected call, or a retry). */
  unmatched: string[];
  /** `METHOD path?query` of each answered request. */
  calls(): string[];
  /** The parsed JSON body of the request with this `METHOD path` (without query); fails the test when there is none. */
  bodyOf(call: string, nth?: number): any;
}

/** Starts a fake HubSpot for one test; it stops listening when the test ends. */
export function fakeHubSpot(): FakeHubSpot {
  const requests: HubSpotRequest[] = [];
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  nock.emitter.on('no match', onNoMatch);
  onTestFinished(() => {
    nock.emitter.removeListener('no match', onNoMatch);
  });
  const scope = nock(HUBSPOT_URL);
  scope.on('request', (req: { method: string; path: string; headers: Record<string, string | undefined> }, _interceptor: unknown, body: string) => {
    requests.push({ method: req.method, path: req.path, authorization: req.headers['authorization'], body: body === '' ? undefined : JSON.parse(body) });
  });
  return {
    scope,
    requests,
    unmatched,
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    bodyOf(call, nth = 0) {
      const matching = requests.filter((r) => `${r.method} ${r.path.split('?')[0]}` === call);
      const request = matching[nth];
      if (request === undefined) throw new Error(`HubSpot received no ${call} (#${nth + 1}); it received ${JSON.stringify(requests.map((r) => `${r.method} ${r.path}`))}`);
      return request.body;
    },
  };
}

/** HubSpot received exactly these requests (`METHOD path?query`), answered every one, and nothing else. */
export function expectHubSpotCalls(hubspot: FakeHubSpot, calls: string[]): void {
  expect(hubspot.unmatched, 'requests HubSpot did not expect').toEqual([]);
  expect(hubspot.calls()).toEqual(calls);
  expect(hubspot.scope.isDone(), `pending interceptors: ${hubspot.scope.pendingMocks().join(', ')}`).toBe(true);
}

// ---- HubSpot's answers ----

/** A contact as `GET/POST/PATCH /crm/v3/objects/contacts` answers it (empty values come back as null). */
export function contactAnswer(id: string, properties: Record<string, string | null> = {}) {
  return {
    id,
    properties: {
      createdate: '2026-01-18T10:00:00.000Z',
      hs_object_id: id,
      lastmodifieddate: EARLIER,
      ...Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, value === '' ? null : value])),
    },
    createdAt: '2026-01-18T10:00:00.000Z',
    updatedAt: EARLIER,
    archived: false,
  };
}

export function errorAnswer(category: string, message: string) {
  return { status: 'error', message, correlationId: '7a1f3c9e-0000-4000-8000-000000000000', category };
}

export const notFoundAnswer = () => errorAnswer('OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');

export const conflictAnswer = (existingId: string) => ({
  status: 'error',
  category: 'CONFLICT',
  message: `Contact already exists. Existing ID: ${existingId}`,
});

export const rateLimitAnswer = () => ({
  status: 'error',
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
  message: 'You have reached your ten_secondly_rolling limit.',
  correlationId: '7a1f3c9e-0000-4000-8000-000000000001',
});

/** HubSpot's 400 when a `date` property (here `name`) is sent {@link NOW}, which is not midnight UTC. */
export function invalidDateAnswer(name: string) {
  const problem = `${NOW.toISOString()} is at 10:00:0.0 UTC, not midnight!`;
  const items = [{ isValid: false, message: problem, error: 'INVALID_DATE', name, localizedErrorMessage: problem }];
  return errorAnswer('VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(items)}`);
}

// ---- stored progress ----

/**
 * `hhl_progress_state` as a portal holds it: crm-essentials enrolled from the course page and started at `at`, with
 * these modules completed at `at`.
 */
export function crmEssentialsState(completedModules: readonly string[], at = EARLIER): string {
  const modules = Object.fromEntries(
    completedModules.map((slug) => [slug, { completed: true, completed_at: at, started: true, started_at: at }]),
  );
  return JSON.stringify({
    courses: {
      'crm-essentials': {
        completed: false,
        enrolled: true,
        enrolled_at: at,
        enrollment_source: 'course_page',
        modules,
        started: completedModules.length > 0,
        ...(completedModules.length > 0 ? { started_at: at } : {}),
      },
    },
  });
}

/** The properties of a learner whose stored progress is {@link crmEssentialsState}, written at `at`. */
export function crmEssentialsContact(completedModules: readonly string[], at = EARLIER): Record<string, string | null> {
  return {
    email: EMAIL,
    hhl_progress_state: crmEssentialsState(completedModules, at),
    hhl_progress_updated_at: at,
    hhl_progress_summary: completedModules.length === 0 ? 'In progress' : `crm-essentials: ${completedModules.length}/3 modules`,
    hhl_enrolled_courses: 'crm-essentials',
    hhl_completed_courses: null,
    hhl_total_progress: String(completedModules.length),
    hhl_last_activity: at.slice(0, 10),
    hhl_last_viewed_type: null,
    hhl_last_viewed_slug: null,
    hhl_last_viewed_at: null,
  };
}

// ---- requests to the service ----

/** A `POST /events/track` request for {@link EMAIL}, with the event time set to {@link NOW}. */
export function track(eventName: string, fields: Record<string, unknown> = {}, contactIdentifier: Record<string, string> = { email: EMAIL }) {
  return { method: 'POST', path: '/events/track', body: { eventName, contactIdentifier, payload: { ts: NOW.toISOString(), ...fields } } };
}

export const moduleCompleted = (module_slug: string, identifier?: Record<string, string>) =>
  track('learning_module_completed', { module_slug, course_slug: 'crm-essentials' }, identifier);

/** Messages of the captured log lines, in order. */
export const messagesOf = (app: AppFixture) => app.logs.map((line) => line['message']);

import { describe, expect, it } from 'vitest';
import {
  CONTACTS,
  EMAIL,
  EMAIL_PATH,
  READ_QUERY,
  TOKEN,
  contactAnswer,
  createHubSpotApp,
  crmEssentialsContact,
  errorAnswer,
  expectHubSpotCalls,
  fakeHubSpot,
  type FakeHubSpot,
  guardNetwork,
  messagesOf,
  moduleCompleted,
  rateLimitAnswer,
} from '../../fixtures/fake-hubspot.js';

guardNetwork();

const GET_BY_EMAIL = `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`;
const PATCH_101 = `PATCH ${CONTACTS}/101`;

const readAnswers = (hubspot: FakeHubSpot) => hubspot.scope.get(EMAIL_PATH).query(true);
const existingLearner = (hubspot: FakeHubSpot) => readAnswers(hubspot).reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])));

describe('POST /events/track when HubSpot fails', () => {
  it.each([
    {
      failure: 'the read answers 500',
      answer: (hubspot: FakeHubSpot) => readAnswers(hubspot).reply(500, errorAnswer('INTERNAL_ERROR', 'internal error')),
      calls: [GET_BY_EMAIL],
      reason: 'HubSpot unavailable (HTTP 500)',
    },
    {
      failure: 'the read answers 429 (ten-secondly limit)',
      answer: (hubspot: FakeHubSpot) => readAnswers(hubspot).reply(429, rateLimitAnswer()),
      calls: [GET_BY_EMAIL],
      reason: 'HubSpot rate limit reached',
    },
    {
      failure: 'the update answers 502 from the gateway',
      answer: (hubspot: FakeHubSpot) =>
        existingLearner(hubspot).patch(`${CONTACTS}/101`).reply(502, '<html><body>502 Bad Gateway</body></html>', { 'Content-Type': 'text/html' }),
      calls: [GET_BY_EMAIL, PATCH_101],
      reason: 'HubSpot unavailable (HTTP 502)',
    },
    {
      failure: 'the read answers after the 300 ms budget',
      answer: (hubspot: FakeHubSpot) => readAnswers(hubspot).delay(1_000).reply(200, contactAnswer('101', crmEssentialsContact([]))),
      calls: [GET_BY_EMAIL],
      reason: 'HubSpot did not answer in time',
    },
    {
      failure: 'the connection is reset',
      answer: (hubspot: FakeHubSpot) => readAnswers(hubspot).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' }),
      calls: [GET_BY_EMAIL],
      reason: 'HubSpot could not be reached',
    },
  ])('answers 200 logged/fallback, logs the event for replay and sends one request per call when $failure', async ({ answer, calls, reason }) => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    answer(hubspot);

    // Act
    const res = await app.send(moduleCompleted('contacts-and-companies'));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'logged', mode: 'fallback', error: reason });
    expectHubSpotCalls(hubspot, calls);
    expect(messagesOf(app)).toEqual(expect.arrayContaining(['Failed to persist event to CRM', 'Event logged for replay']));
    expect(app.logs.find((line) => line['message'] === 'Failed to persist event to CRM')).toMatchObject({ hubspotCalls: calls.length });
    const replay = app.logs.find((line) => line['message'] === 'Event logged for replay');
    expect(replay?.['replay']).toMatchObject({
      event: { name: 'learning_module_completed', module: 'contacts-and-companies', course: 'crm-essentials' },
      identity: { kind: 'email', email: EMAIL },
    });
    expect(JSON.stringify(app.logs)).not.toContain(TOKEN);
  });

  it('never patches a stored state it cannot parse, answers fallback and names the contact in the error log', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    readAnswers(hubspot).reply(200, contactAnswer('101', { ...crmEssentialsContact(['crm-overview']), hhl_progress_state: '{"oops"' }));

    // Act
    const res = await app.send(moduleCompleted('contacts-and-companies'));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'logged', mode: 'fallback', error: 'Stored progress could not be read; the event was kept for replay' });
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL]);
    const failure = app.logs.find((line) => line['message'] === 'Failed to persist event to CRM');
    expect(failure?.['error']).toMatchObject({ name: 'CorruptStateError', message: expect.stringContaining('Contact 101') });
    expect(messagesOf(app)).toContain('Event logged for replay');
  });
});

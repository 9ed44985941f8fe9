import { describe, expect, it } from 'vitest';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';
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
  guardNetwork,
  moduleCompleted,
  notFoundAnswer,
} from '../../fixtures/fake-hubspot.js';

guardNetwork();

describe('the HubSpot token', () => {
  it('is sent as Bearer test-token on every request', async () => {
    // Prepare: a signed-in learner, named by email first and by contact id once it is known
    const app = createHubSpotApp({ env: TOKEN_AUTH_ENV });
    const byEmail = await learnerHeaders({ email: EMAIL });
    const byId = await learnerHeaders({ contactId: '201' });
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(404, notFoundAnswer())
      .post(CONTACTS)
      .reply(201, contactAnswer('201'))
      .get(`${CONTACTS}/201`)
      .query(true)
      .reply(200, contactAnswer('201', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/201`)
      .reply(200, contactAnswer('201'))
      .get(`${CONTACTS}/201`)
      .query(true)
      .reply(200, contactAnswer('201', crmEssentialsContact(['crm-overview', 'deals-pipeline'])));

    // Act
    await app.send({ ...moduleCompleted('crm-overview'), headers: byEmail });
    await app.send({ ...moduleCompleted('deals-pipeline'), headers: byId });
    await app.send({ method: 'GET', path: '/progress/read', headers: byId });

    // Assess
    expectHubSpotCalls(hubspot, [
      `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`,
      `POST ${CONTACTS}`,
      `GET ${CONTACTS}/201?${READ_QUERY}`,
      `PATCH ${CONTACTS}/201`,
      `GET ${CONTACTS}/201?${READ_QUERY}`,
    ]);
    expect(hubspot.requests.map((r) => r.authorization)).toEqual(Array(5).fill(`Bearer ${TOKEN}`));
  });

  it('never appears in a log line, even when HubSpot echoes it or refuses it', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/101`)
      .reply(400, errorAnswer('VALIDATION_ERROR', `Invalid input near "Authorization: Bearer ${TOKEN}"`))
      .get(EMAIL_PATH)
      .query(true)
      .reply(401, errorAnswer('INVALID_AUTHENTICATION', `The OAuth token used to make this call (${TOKEN}) is expired.`));

    // Act
    const echoed = await app.send(moduleCompleted('contacts-and-companies'));
    const refused = await app.send({ method: 'GET', path: '/progress/read', query: { email: EMAIL } });
    // A request nothing answers fails inside fetch with the request's headers in nock's message.
    const unanswered = await app.send(moduleCompleted('deals-pipeline', { email: 'nobody.answers@example.com' }));

    // Assess
    expect(echoed.body).toEqual({ status: 'logged', mode: 'fallback', error: 'HubSpot rejected the update (HTTP 400)' });
    expect(refused.body).toEqual({ mode: 'fallback', error: 'Unable to read progress' });
    expect(unanswered.body).toMatchObject({ status: 'logged', mode: 'fallback' });
    expect(hubspot.unmatched).toEqual([expect.stringMatching(/^GET \/crm\/v3\/objects\/contacts\/nobody\.answers%40example\.com\?/)]);
    expect(hubspot.scope.isDone()).toBe(true);
    expect(app.logs.length).toBeGreaterThan(0);
    for (const line of app.logs) expect(JSON.stringify(line)).not.toContain(TOKEN);
    expect(JSON.stringify([echoed, refused, unanswered])).not.toContain(TOKEN);
  });
});

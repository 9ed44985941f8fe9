import { describe, expect, it } from 'vitest';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';
import {
  CONTACTS,
  EARLIER,
  EMAIL,
  EMAIL_PATH,
  READ_QUERY,
  contactAnswer,
  createHubSpotApp,
  crmEssentialsContact,
  errorAnswer,
  expectHubSpotCalls,
  fakeHubSpot,
  guardNetwork,
  messagesOf,
  notFoundAnswer,
} from '../../fixtures/fake-hubspot.js';

guardNetwork();

const read = (query: Record<string, string>) => ({ method: 'GET', path: '/progress/read', query });
const GET_BY_EMAIL = `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`;

describe('GET /progress/read over HubSpot', () => {
  it('reads the learner by email in exactly one GET and answers the progress with its derived values', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope.get(EMAIL_PATH).query(true).reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])));

    // Act
    const res = await app.send(read({ email: EMAIL }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'authenticated',
      updated_at: EARLIER,
      summary: 'crm-essentials: 1/3 modules',
      enrolled_courses: ['crm-essentials'],
      completed_courses: [],
      total_progress: 1,
      last_activity: '2026-11-20',
      last_viewed: { type: null, slug: null, at: null },
    });
    expect(res.body.progress.courses['crm-essentials'].modules['crm-overview']).toMatchObject({ completed: true, completed_at: EARLIER });
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL]);
  });

  it('reads the learner by contact id without idProperty when the signed-in learner is known by it', async () => {
    // Prepare
    const app = createHubSpotApp({ env: TOKEN_AUTH_ENV });
    const hubspot = fakeHubSpot();
    hubspot.scope.get(`${CONTACTS}/101`).query(true).reply(200, contactAnswer('101', crmEssentialsContact([])));

    // Act
    const res = await app.send({ ...read({}), headers: await learnerHeaders({ contactId: '101' }) });

    // Assess
    expect(res.body).toMatchObject({ mode: 'authenticated', enrolled_courses: ['crm-essentials'], total_progress: 0 });
    expectHubSpotCalls(hubspot, [`GET ${CONTACTS}/101?${READ_QUERY}`]);
  });

  it('answers an empty progress, as for any learner, when HubSpot does not know the learner (no email oracle)', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope.get(EMAIL_PATH).query(true).reply(404, notFoundAnswer());

    // Act
    const res = await app.send(read({ email: EMAIL }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'authenticated',
      progress: {},
      updated_at: null,
      summary: 'No progress yet',
      enrolled_courses: [],
      completed_courses: [],
      total_progress: 0,
      last_activity: null,
      last_viewed: { type: null, slug: null, at: null },
    });
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL]);
  });

  it('answers fallback after one request when HubSpot answers 500', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope.get(EMAIL_PATH).query(true).reply(500, errorAnswer('INTERNAL_ERROR', 'internal error'));

    // Act
    const res = await app.send(read({ email: EMAIL }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'fallback', error: 'Unable to read progress' });
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL]);
    expect(messagesOf(app)).toContain('Failed to read progress from CRM');
  });
});

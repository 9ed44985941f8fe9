import { describe, expect, it } from 'vitest';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';
import {
  CONTACTS,
  EARLIER,
  EMAIL_PATH,
  NOW,
  READ_QUERY,
  PROGRESS_WRITE_PROPERTIES,
  contactAnswer,
  createHubSpotApp,
  crmEssentialsContact,
  expectHubSpotCalls,
  fakeHubSpot,
  guardNetwork,
  messagesOf,
  moduleCompleted,
  notFoundAnswer,
  track,
} from '../../fixtures/fake-hubspot.js';

guardNetwork();

const PERSISTED_101 = { status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: '101' };

describe('POST /events/track for a learner HubSpot knows', () => {
  it('reads the contact by email, then patches every progress property by id, in two calls', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/101`)
      .reply(200, contactAnswer('101'));

    // Act
    const res = await app.send(moduleCompleted('contacts-and-companies'));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual(PERSISTED_101);
    expectHubSpotCalls(hubspot, [`GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`, `PATCH ${CONTACTS}/101`]);
    const { properties } = hubspot.bodyOf(`PATCH ${CONTACTS}/101`);
    expect(Object.keys(properties).sort()).toEqual(PROGRESS_WRITE_PROPERTIES);
    expect(properties).toMatchObject({
      hhl_progress_updated_at: NOW.toISOString(),
      hhl_progress_summary: 'crm-essentials: 2/3 modules',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_completed_courses: '',
      hhl_total_progress: '2',
      hhl_last_activity: '2026-11-21',
    });
    const course = JSON.parse(properties.hhl_progress_state).courses['crm-essentials'];
    expect(course).toMatchObject({ enrolled: true, enrolled_at: EARLIER, enrollment_source: 'course_page', completed: false });
    expect(Object.keys(course.modules).sort()).toEqual(['contacts-and-companies', 'crm-overview']);
    expect(course.modules['crm-overview']).toMatchObject({ completed: true, completed_at: EARLIER });
    expect(course.modules['contacts-and-companies']).toMatchObject({ completed: true, completed_at: NOW.toISOString() });
    expect(messagesOf(app)).toContain('Track event (persisted via properties)');
  });

  it('reads the contact by id without idProperty when the signed-in learner is known by contact id', async () => {
    // Prepare
    const app = createHubSpotApp({ env: TOKEN_AUTH_ENV });
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(`${CONTACTS}/101`)
      .query(true)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/101`)
      .reply(200, contactAnswer('101'));

    // Act
    const res = await app.send({ ...moduleCompleted('deals-pipeline'), headers: await learnerHeaders({ contactId: '101' }) });

    // Assess
    expect(res.body).toEqual(PERSISTED_101);
    expectHubSpotCalls(hubspot, [`GET ${CONTACTS}/101?${READ_QUERY}`, `PATCH ${CONTACTS}/101`]);
    expect(hubspot.bodyOf(`PATCH ${CONTACTS}/101`).properties.hhl_total_progress).toBe('2');
  });

  it('writes nothing when HubSpot already holds what the event produces, in one call', async () => {
    // Prepare: the learner's first event creates the contact; HubSpot then answers what was created.
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    const event = moduleCompleted('crm-overview');
    hubspot.scope.get(EMAIL_PATH).query(true).reply(404, notFoundAnswer()).post(CONTACTS).reply(201, contactAnswer('201'));
    await app.send(event);
    const created = hubspot.bodyOf(`POST ${CONTACTS}`).properties;
    hubspot.scope.get(EMAIL_PATH).query(true).reply(200, contactAnswer('201', created));

    // Act: the page sends the same event again.
    const res = await app.send(event);

    // Assess
    expect(res.body).toEqual({ status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: '201' });
    expectHubSpotCalls(hubspot, [
      `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`,
      `POST ${CONTACTS}`,
      `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`,
    ]);
    expect(app.logs.at(-1)).toMatchObject({ message: 'Track event (persisted via properties)', hubspotCalls: 1, written: false });
  });

  it('refuses a course completion claim with 400 INVALID_EVENT_DATA when 1/3 modules are completed, and patches nothing', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope.get(EMAIL_PATH).query(true).reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])));

    // Act
    const res = await app.send(track('learning_course_completed', { course_slug: 'crm-essentials' }));

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('INVALID_EVENT_DATA');
    expect(res.body.error).toContain('1/3 modules completed');
    expectHubSpotCalls(hubspot, [`GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`]);
  });
});

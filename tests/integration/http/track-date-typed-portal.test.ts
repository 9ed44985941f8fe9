import { describe, expect, it } from 'vitest';
import {
  CONTACTS,
  EMAIL,
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
  invalidDateAnswer,
  messagesOf,
  moduleCompleted,
  notFoundAnswer,
  track,
} from '../../fixtures/fake-hubspot.js';

guardNetwork();

const GET_BY_EMAIL = `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`;
const PATCH_101 = `PATCH ${CONTACTS}/101`;

describe('POST /events/track on a portal whose hhl_progress_updated_at is a date property', () => {
  it('retries the refused update once with the date, then sends the date straight away (3 calls, then 2)', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/101`)
      .reply(400, invalidDateAnswer('hhl_progress_updated_at'))
      .patch(`${CONTACTS}/101`)
      .reply(200, contactAnswer('101'))
      .get(EMAIL_PATH)
      .query(true)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview', 'contacts-and-companies'])))
      .patch(`${CONTACTS}/101`)
      .reply(200, contactAnswer('101'));

    // Act
    const first = await app.send(moduleCompleted('contacts-and-companies'));
    const callsAfterFirst = hubspot.calls();
    const second = await app.send(moduleCompleted('deals-pipeline'));

    // Assess
    expect(first.body).toMatchObject({ status: 'persisted', contactId: '101' });
    expect(second.body).toMatchObject({ status: 'persisted', contactId: '101' });
    expect(callsAfterFirst).toEqual([GET_BY_EMAIL, PATCH_101, PATCH_101]);
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL, PATCH_101, PATCH_101, GET_BY_EMAIL, PATCH_101]);

    const refused = hubspot.bodyOf(PATCH_101, 0).properties;
    const retried = hubspot.bodyOf(PATCH_101, 1).properties;
    const next = hubspot.bodyOf(PATCH_101, 2).properties;
    expect(refused.hhl_progress_updated_at).toBe(NOW.toISOString());
    expect(retried.hhl_progress_updated_at).toBe('2026-11-21');
    expect(next.hhl_progress_updated_at).toBe('2026-11-21');
    // The retry changes only the refused value; every write still holds every progress property.
    expect(Object.keys(retried).sort()).toEqual(PROGRESS_WRITE_PROPERTIES);
    expect(Object.keys(next).sort()).toEqual(PROGRESS_WRITE_PROPERTIES);
    expect({ ...retried, hhl_progress_updated_at: refused.hhl_progress_updated_at }).toEqual(refused);
    expect(next).toMatchObject({ hhl_total_progress: '3', hhl_completed_courses: 'crm-essentials', hhl_last_activity: '2026-11-21' });
    expect(messagesOf(app).filter((m) => m === '[CRM] Portal property is date-typed; writing midnight UTC')).toHaveLength(1);
  });

  it('retries a refused create once with the date, in three calls', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(404, notFoundAnswer())
      .post(CONTACTS)
      .reply(400, invalidDateAnswer('hhl_progress_updated_at'))
      .post(CONTACTS)
      .reply(201, contactAnswer('201'));

    // Act
    const res = await app.send(track('learning_course_enrolled', { course_slug: 'crm-essentials' }));

    // Assess
    expect(res.body).toMatchObject({ status: 'persisted', contactId: '201' });
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL, `POST ${CONTACTS}`, `POST ${CONTACTS}`]);
    expect(hubspot.bodyOf(`POST ${CONTACTS}`, 0).properties.hhl_progress_updated_at).toBe(NOW.toISOString());
    expect(hubspot.bodyOf(`POST ${CONTACTS}`, 1).properties).toMatchObject({
      email: EMAIL,
      lifecyclestage: 'lead',
      hhl_progress_updated_at: '2026-11-21',
    });
  });

  // Known bug (src/tracking/record-event.ts:120): the retry runs only when this request's refusal taught the process
  // something, so when two requests in one process are refused together the second one falls back instead of
  // retrying. Lambda runs one invocation per instance at a time; the local HTTP server does not. Flip to `it` once fixed.
  it('retries every update refused before the portal type was learned, also when two are refused at once', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .times(2)
      .reply(200, contactAnswer('101', crmEssentialsContact(['crm-overview'])))
      .patch(`${CONTACTS}/101`)
      .times(2)
      .reply(400, invalidDateAnswer('hhl_progress_updated_at'))
      .patch(`${CONTACTS}/101`)
      .times(2)
      .reply(200, contactAnswer('101'));

    // Act
    const answers = await Promise.all([app.send(moduleCompleted('contacts-and-companies')), app.send(moduleCompleted('deals-pipeline'))]);

    // Assess
    expect(answers.map((res) => res.body.status)).toEqual(['persisted', 'persisted']);
    expectHubSpotCalls(hubspot, [GET_BY_EMAIL, GET_BY_EMAIL, PATCH_101, PATCH_101, PATCH_101, PATCH_101]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CONTACTS,
  EMAIL,
  EMAIL_PATH,
  NOW,
  READ_QUERY,
  PROGRESS_WRITE_PROPERTIES,
  conflictAnswer,
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

const persisted = (contactId: string) => ({ status: 'persisted', mode: 'authenticated', backend: 'properties', contactId });

describe('POST /events/track for a learner HubSpot does not know', () => {
  it('creates a lead with the email and every progress property in the create, in two calls', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(404, notFoundAnswer())
      .post(CONTACTS)
      .reply(201, contactAnswer('201', { email: EMAIL }));

    // Act
    const res = await app.send(track('learning_course_enrolled', { course_slug: 'crm-essentials', enrollment_source: 'course_page' }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual(persisted('201'));
    expectHubSpotCalls(hubspot, [`GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`, `POST ${CONTACTS}`]);
    const { properties } = hubspot.bodyOf(`POST ${CONTACTS}`);
    expect(Object.keys(properties).sort()).toEqual(['email', 'lifecyclestage', ...PROGRESS_WRITE_PROPERTIES].sort());
    expect(properties).toMatchObject({
      email: EMAIL,
      lifecyclestage: 'lead',
      hhl_progress_updated_at: NOW.toISOString(),
      hhl_progress_summary: 'In progress',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_completed_courses: '',
      hhl_total_progress: '0',
      hhl_last_activity: '2026-11-21',
    });
    expect(JSON.parse(properties.hhl_progress_state).courses['crm-essentials']).toMatchObject({
      enrolled: true,
      enrolled_at: NOW.toISOString(),
      enrollment_source: 'course_page',
    });
    expect(messagesOf(app)).toEqual(expect.arrayContaining(['[CRM] Contact not found, creating new contact', '[CRM] Created new learning contact']));
  });

  it('looks up and creates the learner by the trimmed, lower-cased email', async () => {
    // Prepare
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    hubspot.scope.get(EMAIL_PATH).query(true).reply(404, notFoundAnswer()).post(CONTACTS).reply(201, contactAnswer('201'));

    // Act
    const res = await app.send(track('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, { email: '  Learner@Example.COM ' }));

    // Assess
    expect(res.body).toEqual(persisted('201'));
    expectHubSpotCalls(hubspot, [`GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`, `POST ${CONTACTS}`]);
    expect(hubspot.bodyOf(`POST ${CONTACTS}`).properties.email).toBe(EMAIL);
  });

  it('merges into the contact another request created a moment ago when the create answers 409, in four calls', async () => {
    // Prepare: between our read and our create, another request created the learner with crm-overview completed.
    const app = createHubSpotApp();
    const hubspot = fakeHubSpot();
    const otherWriter = crmEssentialsContact(['crm-overview'], '2026-11-21T09:59:59.000Z');
    hubspot.scope
      .get(EMAIL_PATH)
      .query(true)
      .reply(404, notFoundAnswer())
      .post(CONTACTS)
      .reply(409, conflictAnswer('12345'))
      .get(`${CONTACTS}/12345`)
      .query(true)
      .reply(200, contactAnswer('12345', otherWriter))
      .patch(`${CONTACTS}/12345`)
      .reply(200, contactAnswer('12345'));

    // Act
    const res = await app.send(moduleCompleted('deals-pipeline'));

    // Assess
    expect(res.body).toEqual(persisted('12345'));
    expectHubSpotCalls(hubspot, [
      `GET ${EMAIL_PATH}?${READ_QUERY}&idProperty=email`,
      `POST ${CONTACTS}`,
      `GET ${CONTACTS}/12345?${READ_QUERY}`,
      `PATCH ${CONTACTS}/12345`,
    ]);
    const { properties } = hubspot.bodyOf(`PATCH ${CONTACTS}/12345`);
    expect(Object.keys(properties).sort()).toEqual(PROGRESS_WRITE_PROPERTIES);
    expect(properties).toMatchObject({ hhl_progress_summary: 'crm-essentials: 2/3 modules', hhl_total_progress: '2' });
    const modules = JSON.parse(properties.hhl_progress_state).courses['crm-essentials'].modules;
    expect(modules).toMatchObject({
      'crm-overview': { completed: true, completed_at: '2026-11-21T09:59:59.000Z' },
      'deals-pipeline': { completed: true, completed_at: NOW.toISOString() },
    });
    expect(messagesOf(app)).toContain('[CRM] Contact created concurrently, merging into it');
  });
});

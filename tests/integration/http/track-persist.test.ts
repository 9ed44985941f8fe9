import { describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';

const track = (body: unknown) => ({ method: 'POST', path: '/events/track', body });
const EMAIL = 'learner@example.com';

async function stored(app: ReturnType<typeof createAppFixture>, email = EMAIL) {
  const contact = await app.store.read({ kind: 'email', email }, [
    'hhl_progress_state',
    'hhl_progress_updated_at',
    'hhl_progress_summary',
    'hhl_enrolled_courses',
    'hhl_completed_courses',
    'hhl_total_progress',
    'hhl_last_activity',
    'hhl_last_viewed_type',
    'hhl_last_viewed_slug',
    'hhl_last_viewed_at',
    'lifecyclestage',
  ]);
  if (contact === null) throw new Error('contact not stored');
  return contact;
}

describe('POST /events/track persisting progress', () => {
  it('creates an unknown learner with all seven properties in the create', async () => {
    // Prepare
    const app = createAppFixture();
    // Act
    const res = await app.send(track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials', enrollment_source: 'course_page' })));
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: expect.any(String) });
    expect(app.store.calls).toBe(2);
    const contact = await stored(app);
    expect(contact.id).toBe(res.body.contactId);
    expect(contact.properties).toMatchObject({
      hhl_progress_updated_at: NOW.toISOString(),
      hhl_progress_summary: 'In progress',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_total_progress: '0',
      hhl_last_activity: '2026-11-21',
      lifecyclestage: 'lead',
    });
    // HubSpot reads an empty value back as empty or null; either means "no completed courses".
    expect(contact.properties.hhl_completed_courses ?? '').toBe('');
    const state = JSON.parse(contact.properties.hhl_progress_state ?? '');
    expect(state.courses['crm-essentials']).toMatchObject({ enrolled: true, enrolled_at: NOW.toISOString(), enrollment_source: 'course_page' });
    expect(app.logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(['[CRM] Contact not found, creating new contact', '[CRM] Created new learning contact', 'Track event (persisted via properties)']),
    );
  });

  it('completes a course when every catalog module is completed, in two calls per event', async () => {
    // Prepare
    const app = createAppFixture();
    const modules = ['crm-overview', 'contacts-and-companies', 'deals-pipeline'];
    await app.send(track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' })));
    // Act
    for (const module_slug of modules) {
      await app.send(track(trackBody('learning_module_started', { module_slug, course_slug: 'crm-essentials' })));
      await app.send(track(trackBody('learning_module_completed', { module_slug, course_slug: 'crm-essentials' })));
    }
    const claim = await app.send(track(trackBody('learning_course_completed', { course_slug: 'crm-essentials' })));
    // Assess
    expect(claim.status).toBe(200);
    const contact = await stored(app);
    expect(contact.properties).toMatchObject({
      hhl_progress_summary: 'crm-essentials: 3/3 modules',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_completed_courses: 'crm-essentials',
      hhl_total_progress: '3',
    });
    const course = JSON.parse(contact.properties.hhl_progress_state ?? '').courses['crm-essentials'];
    expect(course).toMatchObject({ started: true, completed: true, completed_at: NOW.toISOString() });
    // 1 enrol (read + create) + 6 module events (read + update each) + the claim (read + update of last activity? no: unchanged → read only)
    expect(app.store.calls).toBeLessThanOrEqual(2 + 6 * 2 + 2);
  });

  it('refuses a course completion claim the state does not support, and writes nothing', async () => {
    // Prepare
    const app = createAppFixture();
    await app.send(track(trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' })));
    const before = await stored(app);
    // Act
    const res = await app.send(track(trackBody('learning_course_completed', { course_slug: 'crm-essentials' })));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('INVALID_EVENT_DATA');
    expect(res.body.error).toContain('1/3 modules completed');
    expect(await stored(app)).toEqual(before);
  });

  it('refuses a claim for a new learner without creating the contact', async () => {
    const app = createAppFixture();
    const res = await app.send(track(trackBody('learning_pathway_completed', { pathway_slug: 'hubspot-foundations' })));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('INVALID_EVENT_DATA');
    expect(await app.store.read({ kind: 'email', email: EMAIL }, [])).toBeNull();
  });

  it('never overwrites a stored state it cannot parse, and logs the event for replay', async () => {
    // Prepare
    const store = createLocalContactStore();
    const { id } = await store.create(EMAIL, { hhl_progress_state: '{"broken":' });
    const app = createAppFixture({ store });
    // Act
    const res = await app.send(track(trackBody('learning_module_started', { module_slug: 'crm-overview', course_slug: 'crm-essentials' })));
    // Assess
    expect(res.body).toMatchObject({ status: 'logged', mode: 'fallback', error: expect.any(String) });
    const contact = await store.read({ kind: 'id', contactId: id }, ['hhl_progress_state']);
    expect(contact?.properties.hhl_progress_state).toBe('{"broken":');
    const failure = app.logs.find((l) => l.message === 'Failed to persist event to CRM');
    expect(JSON.stringify(failure)).toContain(`Contact ${id}`);
    const replay = app.logs.find((l) => l.message === 'Event logged for replay') as { replay: any } | undefined;
    expect(replay?.replay.event).toMatchObject({ name: 'learning_module_started', module: 'crm-overview', course: 'crm-essentials' });
    expect(replay?.replay.identity).toEqual({ kind: 'email', email: EMAIL });
  });

  it('treats an empty stored state as no progress', async () => {
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: '' });
    const app = createAppFixture({ store });
    const res = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' })));
    expect(res.body.status).toBe('persisted');
  });

  it('writes nothing when a replayed event changes nothing', async () => {
    // Prepare
    const app = createAppFixture();
    const body = trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' });
    await app.send(track(body));
    const callsBefore = app.store.calls;
    // Act
    const res = await app.send(track(body));
    // Assess
    expect(res.body.status).toBe('persisted');
    expect(app.store.calls - callsBefore).toBe(1);
  });

  it('records the last viewed page, and a late older view does not replace a newer one', async () => {
    // Prepare
    const app = createAppFixture();
    const newer = { ...trackBody('learning_page_viewed', { content_type: 'module', slug: 'crm-overview' }) };
    const older = trackBody('learning_page_viewed', { content_type: 'course', slug: 'crm-essentials', ts: '2026-11-20T10:00:00.000Z' });
    // Act
    await app.send(track(newer));
    await app.send(track(older));
    // Assess
    const contact = await stored(app);
    expect(contact.properties).toMatchObject({
      hhl_last_viewed_type: 'module',
      hhl_last_viewed_slug: 'crm-overview',
      hhl_last_viewed_at: NOW.toISOString(),
    });
  });

  it('writes midnight UTC to a portal whose hhl_progress_updated_at is a date property', async () => {
    // Prepare
    const store = createLocalContactStore({ propertyTypes: { hhl_progress_updated_at: 'date' } });
    const app = createAppFixture({ store });
    // Act
    const first = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' })));
    const second = await app.send(track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' })));
    // Assess
    expect(first.body.status).toBe('persisted');
    expect(second.body.status).toBe('persisted');
    expect((await stored(app)).properties.hhl_progress_updated_at).toBe('2026-11-21');
  });

  it('names the learner by the email (trimmed, lower-cased) in AUTH_MODE=none, whatever contact id comes with it', async () => {
    const app = createAppFixture();
    const first = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, '  Learner@Example.COM ')));
    const other = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, 'other@example.com')));
    const claimingOther = await app.send(
      track({ ...trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }), contactIdentifier: { email: 'learner@example.com', contactId: other.body.contactId } }),
    );
    expect(claimingOther.body.contactId).toBe(first.body.contactId);
    expect((await stored(app)).properties.hhl_enrolled_courses).toBe('crm-essentials');
  });

  it('lets a contact id alone name nobody in AUTH_MODE=none (ids are sequential: anyone could guess one)', async () => {
    const app = createAppFixture();
    const first = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, 'learner@example.com')));
    const byId = await app.send(track({ ...trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }), contactIdentifier: { contactId: first.body.contactId } }));
    const readById = await app.send({ method: 'GET', path: '/progress/read', query: { contactId: first.body.contactId } });
    expect(byId.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(readById.body).toEqual({ mode: 'anonymous' });
    expect((await stored(app)).properties.hhl_enrolled_courses ?? '').toBe('');
  });
});

describe('POST /events/track without CRM writes', () => {
  it.each([
    ['CRM progress is off', { ENABLE_CRM_PROGRESS: 'false' }, trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' })],
    ['no identity is given', {}, { eventName: 'learning_pathway_enrolled', pathway_slug: 'quick-start' }],
  ])('answers anonymous and calls nothing when %s', async (_label, env, body) => {
    const app = createAppFixture({ env });
    const res = await app.send(track(body));
    expect(res.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(app.store.calls).toBe(0);
  });

  it('answers fallback and names an unknown PROGRESS_BACKEND in the logs', async () => {
    const app = createAppFixture({ env: { PROGRESS_BACKEND: 'custom_objects' } });
    const res = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'logged', mode: 'fallback', error: 'Unsupported PROGRESS_BACKEND "custom_objects"' });
    expect(JSON.stringify(app.logs)).toContain('custom_objects');
    expect(app.store.calls).toBe(0);
  });
});

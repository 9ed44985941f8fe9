import { catalogOf } from '../../fixtures/progress-factories.js';
import { describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';

const aggregate = (query: Record<string, string>, headers: Record<string, string> = {}) => ({ method: 'GET', path: '/progress/aggregate', query, headers });
const track = (eventName: string, fields: Record<string, unknown>, email?: string) => ({ method: 'POST', path: '/events/track', body: trackBody(eventName, fields, email) });
const EMAIL = 'learner@example.com';
const inFoundations = { course_slug: 'crm-essentials', pathway_slug: 'hubspot-foundations' };

describe('GET /progress/aggregate', () => {
  it('counts a course\'s modules started and completed out of the catalog\'s, with the enrolment, in one call', async () => {
    // Prepare
    const app = createAppFixture();
    await app.send(track('learning_course_enrolled', { course_slug: 'crm-essentials', enrollment_source: 'course_page' }));
    await app.send(track('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }));
    await app.send(track('learning_module_started', { module_slug: 'deals-pipeline', course_slug: 'crm-essentials' }));
    const callsBefore = app.store.calls;
    // Act
    const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', email: EMAIL }));
    // Assess
    expect(app.store.calls - callsBefore).toBe(1);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'authenticated', started: 2, completed: 1, total: 3, enrolled: true, enrolled_at: NOW.toISOString() });
  });

  it('counts a course held inside a pathway and standalone as one course', async () => {
    const app = createAppFixture();
    await app.send(track('learning_module_completed', { module_slug: 'crm-overview', ...inFoundations }));
    await app.send(track('learning_module_completed', { module_slug: 'deals-pipeline', course_slug: 'crm-essentials' }));
    const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', email: EMAIL }));
    expect(res.body).toMatchObject({ started: 2, completed: 2, total: 3, enrolled: true });
  });

  it.each([
    ['a pathway of courses counts the modules of its catalog courses', 'hubspot-foundations', { module_slug: 'crm-overview', ...inFoundations }, 6],
    ['a flat pathway counts its own modules', 'quick-start', { module_slug: 'welcome', pathway_slug: 'quick-start' }, 3],
  ])('%s', async (_label, slug, fields, total) => {
    const app = createAppFixture();
    await app.send(track('learning_module_completed', fields));
    const res = await app.send(aggregate({ type: 'pathway', slug, email: EMAIL }));
    expect(res.body).toEqual({ mode: 'authenticated', started: 1, completed: 1, total, enrolled: true, enrolled_at: NOW.toISOString() });
  });

  it('counts the modules a learner holds for content the catalog does not know', async () => {
    // Prepare: a course retired from the catalog after the learner started it (new events for it are refused).
    const app = createAppFixture({ catalog: catalogOf({ courses: { 'retired-course': ['intro'] } }) });
    await app.send(track('learning_module_started', { module_slug: 'intro', course_slug: 'retired-course' }));
    const later = createAppFixture({ store: app.store });
    // Act
    const res = await later.send(aggregate({ type: 'course', slug: 'retired-course', email: EMAIL }));
    // Assess
    expect(res.body).toMatchObject({ started: 1, completed: 0, total: 1 });
  });

  it.each([
    ['no identity', {}, 'anonymous'],
    ['an unknown email (answered like any learner with nothing recorded)', { email: 'nobody@example.com' }, 'authenticated'],
  ])('answers the catalog\'s total with nothing started for %s', async (_label, identity, mode) => {
    const app = createAppFixture();
    const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', ...identity }));
    expect(res.body).toEqual({ mode, started: 0, completed: 0, total: 3, enrolled: false, enrolled_at: null });
  });

  it('answers anonymous without a call when CRM progress is off', async () => {
    const app = createAppFixture({ env: { ENABLE_CRM_PROGRESS: 'false' } });
    const res = await app.send(aggregate({ type: 'pathway', slug: 'quick-start', email: EMAIL }));
    expect(res.body.mode).toBe('anonymous');
    expect(app.store.calls).toBe(0);
  });

  it('answers fallback with the empty counts when the stored state cannot be parsed', async () => {
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: 'not json' });
    const app = createAppFixture({ store });
    const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', email: EMAIL }));
    expect(res.body).toEqual({ mode: 'fallback', error: 'Unable to read progress', started: 0, completed: 0, total: 3, enrolled: false, enrolled_at: null });
  });

  it.each([
    ['no type', { slug: 'crm-essentials' }, 'type'],
    ['an unknown type', { type: 'module', slug: 'crm-overview' }, 'type'],
    ['no slug', { type: 'course' }, 'slug'],
    ['a malformed slug', { type: 'course', slug: 'Not A Slug' }, 'slug'],
    ['the reserved pathway slug', { type: 'pathway', slug: 'courses' }, 'slug'],
    ['a malformed email', { type: 'course', slug: 'crm-essentials', email: 'nope' }, 'email'],
  ])('refuses %s with 400 naming the field', async (_label, query, field) => {
    const app = createAppFixture();
    const res = await app.send(aggregate(query));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(res.body.details.details.join(' ')).toContain(`${field}:`);
  });

  describe('with AUTH_MODE=jwt', () => {
    const env = TOKEN_AUTH_ENV;
    const headersOf = (email: string) => learnerHeaders({ email });

    it('answers 401 without a valid token', async () => {
      const app = createAppFixture({ env });
      const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', email: EMAIL }));
      expect(res.status).toBe(401);
      expect(res.body.details.code).toBe('UNAUTHORIZED');
    });

    it('reads the token\'s learner, whatever email the query names', async () => {
      const app = createAppFixture({ env });
      const holder = await headersOf('holder@example.com');
      await app.send({ ...track('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }), headers: holder });
      const res = await app.send(aggregate({ type: 'course', slug: 'crm-essentials', email: 'someone.else@example.com' }, holder));
      expect(res.body).toMatchObject({ mode: 'authenticated', completed: 1 });
    });
  });
});

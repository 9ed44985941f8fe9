import { describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';

const list = (query: Record<string, string>, headers: Record<string, string> = {}) => ({ method: 'GET', path: '/enrollments/list', query, headers });
const EMAIL = 'learner@example.com';
const EMPTY = { pathways: [], courses: [] };

/** A track request whose event time is `minutesAgo` before {@link NOW}. */
function trackAt(minutesAgo: number, eventName: string, fields: Record<string, unknown>) {
  const body = trackBody(eventName, fields);
  return { method: 'POST', path: '/events/track', body: { ...body, payload: { ...body.payload, ts: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString() } } };
}
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe('GET /enrollments/list', () => {
  it('lists enrolled pathways and courses, most recent first, with their source and pathway, in one call', async () => {
    // Prepare
    const app = createAppFixture();
    await app.send(trackAt(30, 'learning_pathway_enrolled', { pathway_slug: 'inbound-marketer', enrollment_source: 'pathway_page' }));
    await app.send(trackAt(20, 'learning_course_enrolled', { course_slug: 'crm-essentials', pathway_slug: 'hubspot-foundations', enrollment_source: 'course_page' }));
    await app.send(trackAt(10, 'learning_module_started', { module_slug: 'welcome', course_slug: 'getting-started' }));
    const callsBefore = app.store.calls;
    // Act
    const res = await app.send(list({ email: EMAIL }));
    // Assess
    expect(app.store.calls - callsBefore).toBe(1);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'authenticated',
      enrollments: {
        pathways: [
          { slug: 'hubspot-foundations', enrolled_at: ago(20), enrollment_source: 'course_enrollment' },
          { slug: 'inbound-marketer', enrolled_at: ago(30), enrollment_source: 'pathway_page' },
        ],
        courses: [
          { slug: 'getting-started', pathway_slug: null, enrolled_at: ago(10), enrollment_source: 'module_event' },
          { slug: 'crm-essentials', pathway_slug: 'hubspot-foundations', enrolled_at: ago(20), enrollment_source: 'course_page' },
        ],
      },
    });
  });

  it('lists a course once per place it is held', async () => {
    const app = createAppFixture();
    await app.send(trackAt(5, 'learning_course_enrolled', { course_slug: 'marketing-email-basics', pathway_slug: 'hubspot-foundations' }));
    await app.send(trackAt(5, 'learning_course_enrolled', { course_slug: 'marketing-email-basics', pathway_slug: 'inbound-marketer' }));
    const res = await app.send(list({ email: EMAIL }));
    expect(res.body.enrollments.courses.map((c: { pathway_slug: string }) => c.pathway_slug)).toEqual(['hubspot-foundations', 'inbound-marketer']);
  });

  it('counts progress without an enrolment flag as enrolled, with unknown times last', async () => {
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: JSON.stringify({ courses: { 'content-strategy': { modules: { 'pillar-pages': { started: true } } }, 'crm-essentials': { enrolled: true, enrolled_at: '2026-11-01T00:00:00.000Z', modules: {} } } }) });
    const app = createAppFixture({ store });
    const res = await app.send(list({ email: EMAIL }));
    expect(res.body.enrollments.courses).toEqual([
      { slug: 'crm-essentials', pathway_slug: null, enrolled_at: '2026-11-01T00:00:00.000Z', enrollment_source: null },
      { slug: 'content-strategy', pathway_slug: null, enrolled_at: null, enrollment_source: null },
    ]);
  });

  it('lists only content the catalog knows: a retired course has no status page to link to', async () => {
    // Prepare
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: JSON.stringify({ courses: { 'legacy-course': { enrolled: true, modules: {} }, 'crm-essentials': { enrolled: true, modules: {} } }, 'old-pathway': { enrolled: true } }) });
    const app = createAppFixture({ store });
    // Act
    const res = await app.send(list({ email: EMAIL }));
    // Assess
    expect(res.body.enrollments).toEqual({ pathways: [], courses: [{ slug: 'crm-essentials', pathway_slug: null, enrolled_at: null, enrollment_source: null }] });
  });

  it.each([
    ['no identity', {}],
    ['an unknown contact id', { contactId: '424242' }],
  ])('answers anonymous with empty lists for %s', async (_label, query) => {
    const app = createAppFixture();
    const res = await app.send(list(query));
    expect(res.body).toEqual({ mode: 'anonymous', enrollments: EMPTY });
  });

  it('answers anonymous without a call when CRM progress is off', async () => {
    const app = createAppFixture({ env: { ENABLE_CRM_PROGRESS: 'false' } });
    const res = await app.send(list({ email: EMAIL }));
    expect(res.body).toEqual({ mode: 'anonymous', enrollments: EMPTY });
    expect(app.store.calls).toBe(0);
  });

  it('answers fallback with empty lists when the stored state cannot be parsed', async () => {
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: '[1,2]' });
    const app = createAppFixture({ store });
    const res = await app.send(list({ email: EMAIL }));
    expect(res.body).toEqual({ mode: 'fallback', error: 'Unable to read progress', enrollments: EMPTY });
  });

  it('refuses a malformed contact id with 400', async () => {
    const app = createAppFixture();
    const res = await app.send(list({ contactId: 'abc' }));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
  });

  it('answers 405 to a POST', async () => {
    const app = createAppFixture();
    const res = await app.send({ method: 'POST', path: '/enrollments/list', body: {} });
    expect(res.status).toBe(405);
  });

  describe('with AUTH_MODE=jwt', () => {
    const env = TOKEN_AUTH_ENV;

    it('answers 401 without a valid token and reads the token\'s learner with one', async () => {
      const app = createAppFixture({ env });
      const headers = await learnerHeaders({ email: 'holder@example.com' });
      await app.send({ ...trackAt(1, 'learning_pathway_enrolled', { pathway_slug: 'quick-start' }), headers });
      const refused = await app.send(list({ email: 'holder@example.com' }));
      const res = await app.send(list({ email: 'someone.else@example.com' }, headers));
      expect(refused.status).toBe(401);
      expect(res.body.enrollments.pathways).toEqual([{ slug: 'quick-start', enrolled_at: ago(1), enrollment_source: null }]);
    });
  });
});

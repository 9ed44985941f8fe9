import { describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';

const read = (query: Record<string, string>) => ({ method: 'GET', path: '/progress/read', query });

describe('GET /progress/read', () => {
  it('reads a learner\'s progress, derived values and last view in one call', async () => {
    // Prepare
    const app = createAppFixture();
    await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials', pathway_slug: 'hubspot-foundations' }) });
    await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_page_viewed', { content_type: 'module', slug: 'crm-overview' }) });
    const callsBefore = app.store.calls;
    // Act
    const res = await app.send(read({ email: 'Learner@Example.com' }));
    // Assess
    expect(app.store.calls - callsBefore).toBe(1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'authenticated',
      updated_at: NOW.toISOString(),
      summary: 'hubspot-foundations: 0/2 courses',
      enrolled_courses: ['crm-essentials'],
      completed_courses: [],
      total_progress: 1,
      last_activity: '2026-11-21',
      last_viewed: { type: 'module', slug: 'crm-overview', at: NOW.toISOString() },
    });
    expect(res.body.progress['hubspot-foundations'].courses['crm-essentials'].modules['crm-overview']).toMatchObject({ completed: true });
  });

  it('answers an unknown email as it answers any learner with nothing recorded, so no answer tells who is in the portal', async () => {
    const app = createAppFixture();
    const res = await app.send(read({ email: 'nobody@example.com' }));
    expect(res.body).toMatchObject({ mode: 'authenticated', progress: {}, summary: 'No progress yet', total_progress: 0 });
  });

  it.each([
    ['no identity', {}],
    ['a contact id alone (it names nobody in AUTH_MODE=none)', { contactId: '424242' }],
  ])('answers anonymous for %s', async (_label, query) => {
    const app = createAppFixture();
    const res = await app.send(read(query));
    expect(res.body).toEqual({ mode: 'anonymous' });
  });

  it('answers anonymous without a call when CRM progress is off', async () => {
    const app = createAppFixture({ env: { ENABLE_CRM_PROGRESS: 'false' } });
    const res = await app.send(read({ email: 'learner@example.com' }));
    expect(res.body).toEqual({ mode: 'anonymous' });
    expect(app.store.calls).toBe(0);
  });

  it.each([
    ['a malformed email', { email: 'nope' }],
    ['a non-numeric contact id', { contactId: 'abc' }],
  ])('refuses %s with 400', async (_label, query) => {
    const app = createAppFixture();
    const res = await app.send(read(query));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
  });

  it('answers fallback when the stored state cannot be parsed', async () => {
    const store = createLocalContactStore();
    await store.create('learner@example.com', { hhl_progress_state: 'not json' });
    const app = createAppFixture({ store });
    const res = await app.send(read({ email: 'learner@example.com' }));
    expect(res.body).toEqual({ mode: 'fallback', error: 'Unable to read progress' });
  });
});

/**
 * A learner hh-learn already wrote, read and written by this service. The stored value has the shape of hh-learn's
 * real contact in `verification-output/issue-188/hubspot-contact-progress.json` (legacy flat pathways, no enrolment
 * flags, content its catalog no longer has), with our own slugs and times.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { parseStoredState } from '../../../src/progress/state-codec.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createAppFixture } from '../../fixtures/app-fixture.js';
import { loadMyLearning, runAction } from '../../fixtures/hh-learn-pages.js';

const EMAIL = 'migrated@example.com';
const HH_LEARN_STATE = {
  'legacy-foundations': { modules: { 'legacy-networking': { started: true, started_at: '2025-10-12T05:06:40.136Z', completed: true, completed_at: '2025-10-12T05:06:50.703Z' } } },
  'test-pathway-oauth': {
    modules: {
      'test-module-oauth-1': { started: true, started_at: '2025-10-13T00:27:12.814Z' },
      'test-module-oauth-2': { started: true, started_at: '2025-10-13T03:29:38.600Z' },
    },
  },
  unknown: { modules: { 'intro-module': { started: true, started_at: '2025-10-17T17:49:21.347Z' } } },
};

async function migratedSite() {
  const store = createLocalContactStore();
  const created = await store.create(EMAIL, {
    hhl_progress_state: JSON.stringify(HH_LEARN_STATE),
    hhl_progress_summary: 'legacy-foundations: 1/1 modules; test-pathway-oauth: 0/2 modules; unknown: 0/1 modules',
    hhl_progress_updated_at: '2025-10-17',
  });
  const app = createAppFixture({ store, catalog: loadCatalog('tests/fixtures/hh-learn-content'), env: { LEARNER_WRITES_PER_MINUTE: '0' } });
  return { app, store, contactId: created.id };
}

describe('a learner migrated from hh-learn', () => {
  it('sees the same modules in progress and completed on "My Learning" as hh-learn showed', async () => {
    // Prepare
    const { app } = await migratedSite();
    // Act
    const page = await loadMyLearning(app, { email: EMAIL });
    // Assess
    expect(page.mode).toBe('authenticated');
    expect(page.completed).toEqual(new Set(['legacy-networking']));
    expect(page.inProgress).toEqual(new Set(['test-module-oauth-1', 'test-module-oauth-2', 'intro-module']));
  });

  it('loses nothing on the first new event: every old node and time is still there, and the new one beside it', async () => {
    // Prepare
    const { app, store, contactId } = await migratedSite();
    // Act
    const run = await runAction(app, { email: EMAIL, contactId }, { action: 'record_progress', module_slug: 'cabling-module', status: 'completed' });
    const page = await loadMyLearning(app, { email: EMAIL });
    const stored = parseStoredState((await store.read({ kind: 'id', contactId }, ['hhl_progress_state']))?.properties['hhl_progress_state']);
    // Assess
    expect(run.result).toBe('success');
    expect(stored.pathways['legacy-foundations']?.modules['legacy-networking']).toEqual({ started: true, started_at: '2025-10-12T05:06:40.136Z', completed: true, completed_at: '2025-10-12T05:06:50.703Z' });
    expect(stored.pathways['test-pathway-oauth']?.modules['test-module-oauth-2']).toEqual({ started: true, started_at: '2025-10-13T03:29:38.600Z', completed: false });
    expect(stored.pathways['unknown']?.modules['intro-module']).toMatchObject({ started: true, started_at: '2025-10-17T17:49:21.347Z' });
    expect(stored.courses['fabric-basics']?.modules['cabling-module']).toMatchObject({ completed: true });
    expect(page.completed).toEqual(new Set(['legacy-networking', 'cabling-module']));
    expect(page.inProgress).toEqual(new Set(['test-module-oauth-1', 'test-module-oauth-2', 'intro-module']));
  });

  it('counts only catalog content in the derived properties, and lists no enrolment the catalog cannot show', async () => {
    // Prepare
    const { app, store, contactId } = await migratedSite();
    // Act
    await runAction(app, { email: EMAIL }, { action: 'record_progress', module_slug: 'cabling-module', status: 'completed' });
    const contact = await store.read({ kind: 'id', contactId }, ['hhl_progress_summary', 'hhl_total_progress', 'hhl_enrolled_courses']);
    const list = await app.send({ method: 'GET', path: '/enrollments/list', query: { email: EMAIL } });
    // Assess
    expect(contact?.properties).toMatchObject({ hhl_progress_summary: 'fabric-basics: 1/3 modules', hhl_total_progress: '1', hhl_enrolled_courses: 'fabric-basics' });
    expect(list.body.enrollments.pathways).toEqual([]);
    expect(list.body.enrollments.courses.map((c: { slug: string }) => c.slug)).toEqual(['fabric-basics']);
  });

  it('reads a contact whose hhl_progress_state is null as no progress', async () => {
    const store = createLocalContactStore();
    await store.create(EMAIL, { hhl_progress_state: '' });
    const app = createAppFixture({ store, catalog: loadCatalog('tests/fixtures/hh-learn-content') });
    const res = await app.send({ method: 'GET', path: '/course/status', query: { course_slug: 'fabric-basics', email: EMAIL } });
    expect(res.body).toMatchObject({ mode: 'authenticated', course_status: 'not_started', modules_completed: 0, modules_total: 3, course_cert_id: null });
  });
});

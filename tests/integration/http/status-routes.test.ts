import { describe, expect, it } from 'vitest';
import type { CatalogSource } from '../../../src/catalog/catalog-source.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { certificateId } from '../../../src/tracking/certificate-id.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';

const catalog = loadCatalog('tests/fixtures/hh-learn-content');
const EMAIL = 'ada@example.com';
const SECRET = 'a-certificate-secret-of-32-characters!!';
const neverLoaded: CatalogSource = { get: async () => undefined };

async function completedCourse(env: Record<string, string> = {}) {
  const app = createAppFixture({ catalog, env: { LEARNER_WRITES_PER_MINUTE: '0', ...env } });
  for (const module of ['intro-module', 'cabling-module', 'interfaces-module']) {
    await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: module, course_slug: 'fabric-basics' }, EMAIL) });
  }
  return app;
}

describe('the status routes', () => {
  it.each([
    ['/course/status', 'course_slug'],
    ['/pathway/status', 'pathway_slug'],
    ['/module/progress', 'module_slug'],
  ])('answer 400 naming the parameter when %s is asked without %s', async (path, parameter) => {
    const res = await createAppFixture({ catalog }).send({ path, query: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: `${parameter} query parameter is required`, details: { code: 'SCHEMA_VALIDATION_FAILED' } });
  });

  it('answers a visitor with no learner the not-started status, and makes no HubSpot call', async () => {
    const app = createAppFixture({ catalog });
    const res = await app.send({ path: '/course/status', query: { course_slug: 'fabric-basics' } });
    expect(res.body).toMatchObject({ mode: 'anonymous', course_status: 'not_started', modules_completed: 0, modules_total: 3, course_cert_id: null });
    expect(app.store.calls).toBe(0);
  });

  it('reads the learner in one HubSpot call', async () => {
    const app = await completedCourse({ CERTIFICATE_SECRET: SECRET });
    const before = app.store.calls;
    await app.send({ path: '/pathway/status', query: { pathway_slug: 'fabric-pathway', email: EMAIL } });
    expect(app.store.calls - before).toBe(1);
  });
});

describe('certificates', () => {
  it('are derived from the contact, the content and the completion time, and verify with no HubSpot call', async () => {
    // Prepare
    const app = await completedCourse({ CERTIFICATE_SECRET: SECRET });
    const contact = await app.store.read({ kind: 'email', email: EMAIL }, []);
    // Act
    const list = await app.send({ path: '/certificates', query: { email: EMAIL } });
    const before = app.store.calls;
    const verified = await app.send({ path: `/certificate/${list.body.certificates[0].certId}` });
    // Assess
    expect(list.body.certificates).toEqual([
      { certId: certificateId(SECRET, contact?.id ?? '', 'course', 'fabric-basics', '2026-11-21T10:00:00.000Z'), entityType: 'course', entitySlug: 'fabric-basics', entityTitle: 'Course 1: Fabric Basics', issuedAt: '2026-11-21T10:00:00.000Z' },
    ]);
    expect(verified.body).toEqual(list.body.certificates[0]);
    expect(app.store.calls).toBe(before);
  });

  it('are off without CERTIFICATE_SECRET: none listed, none issued, none verified', async () => {
    // Prepare
    const app = await completedCourse();
    const someId = certificateId(SECRET, '1', 'course', 'fabric-basics', '2026-11-21T10:00:00.000Z');
    // Act
    const list = await app.send({ path: '/certificates', query: { email: EMAIL } });
    const status = await app.send({ path: '/course/status', query: { course_slug: 'fabric-basics', email: EMAIL } });
    const verified = await app.send({ path: `/certificate/${someId}` });
    // Assess
    expect(list.body).toEqual({ mode: 'authenticated', certificates: [] });
    expect(status.body).toMatchObject({ course_status: 'complete', course_cert_id: null });
    expect(verified.status).toBe(404);
    expect(verified.body.details.code).toBe('CERTIFICATES_DISABLED');
  });

  it('answers 400 for an id that is not one, and 404 for one made with another key', async () => {
    const app = createAppFixture({ catalog, env: { CERTIFICATE_SECRET: SECRET } });
    const malformed = await app.send({ path: '/certificate/not-a-certificate' });
    const foreign = await app.send({ path: `/certificate/${certificateId('x'.repeat(32), '1', 'course', 'fabric-basics', '2026-11-21T10:00:00.000Z')}` });
    expect(malformed).toMatchObject({ status: 400, body: { error: 'Invalid certId format' } });
    expect(foreign).toMatchObject({ status: 404, body: { error: 'Certificate not found' } });
  });
});

describe('with no catalog loaded (HubDB down since the cold start, no seed)', () => {
  it('answers an event logged/fallback and keeps it whole for replay, writing nothing', async () => {
    const app = createAppFixture({ catalog: neverLoaded });
    const res = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_started', { module_slug: 'anything' }, EMAIL) });
    expect(res.body).toEqual({ status: 'logged', mode: 'fallback', error: 'Catalog unavailable' });
    expect(app.logs.some((l) => l.message === 'Event logged for replay')).toBe(true);
    expect(app.store.calls).toBe(0);
  });

  it('answers the status routes 503 with Retry-After, and still reads raw progress', async () => {
    const app = createAppFixture({ catalog: neverLoaded });
    const status = await app.send({ path: '/course/status', query: { course_slug: 'fabric-basics' } });
    const read = await app.send({ path: '/progress/read', query: { email: EMAIL } });
    expect(status.status).toBe(503);
    expect(status.headers['Retry-After']).toBe('30');
    expect(read.body.mode).toBe('authenticated');
  });
});

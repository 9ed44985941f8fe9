/**
 * The state-filling attack: with AUTH_MODE=none anyone can name a learner, and before content was checked every slug
 * matching the pattern went into the learner's state. A couple of hundred anonymous requests with random 200-character
 * slugs filled `hhl_progress_state` past HubSpot's 65,536 characters (even gzipped), after which the learner's real
 * events fell back and dead-lettered. Now a slug the catalog does not know is refused, so the state can only hold
 * catalog content and the learner's real progress is always recordable.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../src/properties/property-definitions.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';

const VICTIM = 'victim@example.com';
const ATTACKS = 200;

/** A random slug of `length` lower-case letters and digits (incompressible enough that gzip cannot save the state). */
function randomSlug(length = 200): string {
  let slug = '';
  while (slug.length < length) slug += Math.random().toString(36).slice(2);
  return slug.slice(0, length);
}

describe('the state-filling attack', () => {
  it('refuses every made-up slug, so the learner\'s real progress is still recorded afterwards', async () => {
    // Prepare: an anonymous caller (no token: AUTH_MODE=none trusts the body) and no per-learner cap (many containers)
    const app = createAppFixture({ env: { LEARNER_WRITES_PER_MINUTE: '0' } });
    // Act
    const attacks = [];
    for (let i = 0; i < ATTACKS; i += 1) {
      attacks.push(await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: randomSlug(), course_slug: randomSlug(), pathway_slug: randomSlug() }, VICTIM) }));
    }
    // Then short slugs, to fill what room the long ones left
    for (let i = 0; i < ATTACKS; i += 1) {
      attacks.push(await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: randomSlug(6), course_slug: 'crm-essentials' }, VICTIM) }));
    }
    const real = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }, VICTIM) });
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: VICTIM } });
    // Assess
    expect(real.body).toMatchObject({ status: 'persisted', mode: 'authenticated' });
    expect(read.body.progress.courses['crm-essentials'].modules['crm-overview'].completed).toBe(true);
    const stored = (await app.store.read({ kind: 'email', email: VICTIM }, [PROPERTY_NAMES.state]))?.properties[PROPERTY_NAMES.state] ?? '';
    expect(stored.length).toBeLessThan(2_000);
    expect(read.body.summary).toBe('crm-essentials: 1/3 modules');
    expect(read.body.total_progress).toBe(1);
    expect(new Set(attacks.map((a) => a.status))).toEqual(new Set([400]));
    expect(new Set(attacks.map((a) => a.body.details.code))).toEqual(new Set(['UNKNOWN_CONTENT']));
  });

  it('bounds the state by the catalog: every placement of every catalog module fits one property', async () => {
    // Prepare
    const app = createAppFixture({ env: { LEARNER_WRITES_PER_MINUTE: '0' } });
    const source = 'x'.repeat(200);
    const catalog = (await import('../../../src/catalog/load-catalog.js')).loadCatalog();
    // Act: everything the catalog allows, with the longest enrolment source
    for (const [pathway, entry] of catalog.pathways) {
      await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_pathway_enrolled', { pathway_slug: pathway, enrollment_source: source }, VICTIM) });
      for (const course of entry.courses) {
        for (const module of catalog.courses.get(course)?.modules ?? []) {
          await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: module, course_slug: course, pathway_slug: pathway }, VICTIM) });
        }
      }
      for (const module of entry.modules) {
        await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: module, pathway_slug: pathway }, VICTIM) });
      }
    }
    for (const [course, entry] of catalog.courses) {
      await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_course_enrolled', { course_slug: course, enrollment_source: source }, VICTIM) });
      for (const module of entry.modules) {
        await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: module, course_slug: course }, VICTIM) });
      }
    }
    const last = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_started', { module_slug: 'welcome' }, VICTIM) });
    // Assess
    expect(last.body.status).toBe('persisted');
    const stored = (await app.store.read({ kind: 'email', email: VICTIM }, [PROPERTY_NAMES.state]))?.properties[PROPERTY_NAMES.state] ?? '';
    expect(stored.length).toBeLessThan(65_536);
  });
});

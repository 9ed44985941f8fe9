import { describe, expect, it } from 'vitest';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';

const track = (body: unknown, extra: { base64?: boolean } = {}) => ({ method: 'POST', path: '/events/track', body, ...extra });

describe('POST /events/track validation', () => {
  it.each([
    ['a body that is not JSON', '{"eventName":', 'INVALID_JSON'],
    ['an empty body', '', 'INVALID_JSON'],
    ['a JSON array', [], 'SCHEMA_VALIDATION_FAILED'],
    ['an unknown event name', { eventName: 'learning_other' }, 'SCHEMA_VALIDATION_FAILED'],
    ['a contactIdentifier with neither email nor id', { ...trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }), contactIdentifier: {} }, 'SCHEMA_VALIDATION_FAILED'],
    ['a malformed email', trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }, 'not-an-email'), 'SCHEMA_VALIDATION_FAILED'],
    ['an upper-case slug', trackBody('learning_course_enrolled', { course_slug: 'CRM' }), 'SCHEMA_VALIDATION_FAILED'],
    ['a slug of 201 characters', trackBody('learning_course_enrolled', { course_slug: 'a'.repeat(201) }), 'SCHEMA_VALIDATION_FAILED'],
    ['"courses" as a pathway slug', trackBody('learning_pathway_enrolled', { pathway_slug: 'courses' }), 'SCHEMA_VALIDATION_FAILED'],
    ['a numeric slug', trackBody('learning_course_enrolled', { course_slug: 12 }), 'SCHEMA_VALIDATION_FAILED'],
  ])('refuses %s with 400 %s', async (_label, body, code) => {
    // Prepare
    const app = createAppFixture();
    // Act
    const res = await app.send(track(body));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe(code);
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.details.details.length).toBeGreaterThan(0);
    expect(app.logs.some((l) => l.message === 'Validation failure')).toBe(true);
  });

  it.each([
    ['learning_pathway_enrolled', {}, ['pathway_slug']],
    ['learning_course_enrolled', { pathway_slug: 'hubspot-foundations' }, ['course_slug']],
    ['learning_module_started', { course_slug: 'crm-essentials' }, ['module_slug']],
    ['learning_module_completed', {}, ['module_slug']],
    ['learning_course_completed', {}, ['course_slug']],
    ['learning_pathway_completed', {}, ['pathway_slug']],
    ['learning_page_viewed', { slug: 'crm-overview' }, ['payload.content_type']],
    ['learning_page_viewed', {}, ['payload.content_type', 'payload.slug']],
  ])('names the missing fields of %s %j', async (eventName, fields, missing) => {
    const app = createAppFixture();
    const res = await app.send(track(trackBody(eventName, fields)));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(res.body.details.details).toEqual(missing.map((f) => `${f}: required for ${eventName}`));
  });

  it('refuses a body over 10,000 bytes with 413', async () => {
    const app = createAppFixture();
    const body = { ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), padding: 'x'.repeat(10_001) };
    const res = await app.send(track(body));
    expect(res.status).toBe(413);
    expect(res.body.details.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('counts the decoded bytes of a base64 body against the limit', async () => {
    const app = createAppFixture();
    const body = { ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), padding: 'x'.repeat(9_000) };
    const res = await app.send(track(body, { base64: true }));
    expect(res.status).toBe(200);
  });

  it('validates before any CRM call', async () => {
    const app = createAppFixture();
    await app.send(track(trackBody('learning_course_enrolled', {})));
    expect(app.store.calls).toBe(0);
  });
});

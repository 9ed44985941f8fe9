import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { createApp } from '../../../src/http/app.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { startHttpServer, type RunningHttpServer } from '../../../src/local/http-server.js';
import { parseStoredState } from '../../../src/progress/state-codec.js';
import { NOW, trackBody } from '../../fixtures/app-fixture.js';
import { apiGatewayEvent } from '../../fixtures/api-gateway-event.js';
import { catalogKnowing, createHostileApp, ownPath } from '../../fixtures/hostile-app.js';

/** A valid module event with every field the schema knows, so one field at a time can be made hostile. */
const fullBody = () => ({
  eventName: 'learning_module_completed',
  contactIdentifier: { email: 'learner@example.com' },
  payload: { module_slug: 'crm-overview', course_slug: 'crm-essentials', enrollment_source: 'course_page', content_type: 'module', slug: 'crm-overview', ts: NOW.toISOString() },
});

/** `fullBody()` with the value at `path` replaced. */
function withValue(path: readonly string[], value: unknown): Record<string, unknown> {
  const body: Record<string, any> = fullBody();
  let node = body;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1] ?? ''] = value;
  return body;
}

const nested = (open: string, close: string, depth: number, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

describe('hostile bodies on POST /events/track: sizes and depth', () => {
  it.each([
    ['10,001 bytes of ASCII', JSON.stringify({ ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), pad: 'x'.repeat(10_001) })],
    ['3,400 three-byte characters (over 10,000 bytes, under 10,000 characters)', JSON.stringify({ ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), pad: '€'.repeat(3_400) })],
    ['arrays nested 10,000 levels deep', nested('[', ']', 10_000)],
    ['objects nested 10,000 levels deep', nested('{"a":', '}', 10_000)],
    ['a 100,000-element array', JSON.stringify(Array.from({ length: 100_000 }, () => 0))],
  ])('refuses %s with 413 before parsing it', async (_label, body) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(body);
    // Assess
    expect(res.status).toBe(413);
    expect(res.body.details.code).toBe('PAYLOAD_TOO_LARGE');
    expect(app.store.calls).toBe(0);
    app.expectSafe();
  });

  it.each([
    ['a body that is arrays nested 4,990 levels deep', nested('[', ']', 4_990, '')],
    ['a body that is a 4,000-element array', JSON.stringify(Array.from({ length: 4_000 }, () => 1))],
    ['a course slug that is a 2,000-element array', JSON.stringify(trackBody('learning_course_enrolled', { course_slug: Array.from({ length: 2_000 }, () => 'c') }))],
    ['a contactIdentifier nested 900 levels deep', JSON.stringify({ ...trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }), contactIdentifier: JSON.parse(nested('{"email":', '}', 900, '"x@example.com"')) })],
  ])('refuses %s with 400 and no store call', async (_label, body) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(body);
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(app.store.calls).toBe(0);
    app.expectSafe();
  });

  it.each([
    ['an unknown key nested 1,500 levels deep', { extra: JSON.parse(nested('{"a":', '}', 1_500)) }],
    ['500 unknown keys', Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]))],
    ['a payload.ts nested 4,000 levels deep', { payload: { pathway_slug: 'quick-start', ts: JSON.parse(nested('[', ']', 4_000, '')) } }],
  ])('ignores %s and writes only the event', async (_label, extra) => {
    // Prepare
    const app = createHostileApp();
    const body = { ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), ...extra };
    // Act
    const res = await app.track(body);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('persisted');
    const stored = JSON.parse((await app.storedState()) ?? 'null');
    expect(Object.keys(stored)).toEqual(['courses', 'quick-start']);
    expect(stored.courses).toEqual({});
    expect(ownPath(stored, ['quick-start', 'enrolled_at'])).toBe(NOW.toISOString());
    app.expectSafe();
  });

  describe('through the local HTTP server', () => {
    let server: RunningHttpServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it.each([
      ['a 2 MiB body (over the server cap)', 'x'.repeat(2 * 1024 * 1024)],
      ['arrays nested 100,000 levels deep (under the server cap, over the API limit)', nested('[', ']', 100_000)],
    ])('answers %s with 413 and keeps serving', async (_label, body) => {
      // Prepare
      const store = createLocalContactStore();
      const config = loadConfig({ ENABLE_CRM_PROGRESS: 'true' });
      const handler = createApp({ config, catalog: loadCatalog(), store, clock: () => new Date(), logger: silentLogger, propertyTypes: new PortalPropertyTypes() });
      server = await startHttpServer({ handler, port: 0 });
      // Act
      const res = await fetch(`${server.url}/events/track`, { method: 'POST', body });
      const health = await fetch(`${server.url}/api/health`);
      // Assess
      expect(res.status).toBe(413);
      const answer: any = await res.json();
      expect(answer.details.code).toBe('PAYLOAD_TOO_LARGE');
      expect(health.status).toBe(200);
      expect(store.calls).toBe(0);
    });
  });
});

describe('hostile bodies on POST /events/track: wrong types', () => {
  const FIELDS: readonly (readonly string[])[] = [
    ['eventName'],
    ['contactIdentifier'],
    ['contactIdentifier', 'email'],
    ['contactIdentifier', 'contactId'],
    ['payload'],
    ['payload', 'module_slug'],
    ['payload', 'course_slug'],
    ['payload', 'pathway_slug'],
    ['payload', 'enrollment_source'],
    ['payload', 'content_type'],
    ['payload', 'slug'],
    ['module_slug'],
    ['course_slug'],
    ['pathway_slug'],
    ['enrollment_source'],
  ];
  const WRONG: readonly [string, unknown][] = [
    ['a boolean', true],
    ['a fraction', -1.5],
    ['an empty array', []],
    ['an array of a valid value', ['crm-essentials']],
    ['an object', { value: 'crm-essentials' }],
    ['an object with a toString', { toString: 'crm-essentials' }],
  ];
  // An object is the right type for `payload` itself; every other pairing is wrong.
  const cases = FIELDS.flatMap((path) => WRONG.map(([label, value]) => [path.join('.'), label, value] as const)).filter(
    ([path, _label, value]) => !(path === 'payload' && typeof value === 'object' && !Array.isArray(value)),
  );

  it.each(cases)('refuses %s as %s with 400 and no store call', async (path, _label, value) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(withValue(path.split('.'), value));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(res.body.details.details.join(' ')).toContain(path);
    expect(app.store.calls).toBe(0);
    app.expectSafe();
  });

  it.each(FIELDS.filter((p) => p.join('.') !== 'contactIdentifier.contactId').map((p) => p.join('.')))('refuses the number 42 as %s', async (path) => {
    const app = createHostileApp();
    const res = await app.track(withValue(path.split('.'), 42));
    expect(res.status).toBe(400);
    expect(app.store.calls).toBe(0);
  });

  it.each([
    ['a payload that is an array', { payload: ['crm-overview'] }],
    ['a payload that is a string', { payload: '{"module_slug":"crm-overview"}' }],
    ['a payload that is a number', { payload: 1 }],
    ['a contactIdentifier that is a string', { contactIdentifier: 'learner@example.com' }],
    ['a contactIdentifier that is an array', { contactIdentifier: [{ email: 'learner@example.com' }] }],
  ])('refuses %s with 400', async (_label, override) => {
    const app = createHostileApp();
    const res = await app.track({ ...fullBody(), ...override });
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(app.store.calls).toBe(0);
  });

  it.each([
    ['a JSON string', '"learning_module_completed"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['JSON true', 'true'],
  ])('refuses a body that is %s with 400', async (_label, body) => {
    const app = createHostileApp();
    const res = await app.track(body);
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
  });

  it.each([
    ['a number', 1_795_255_200_000],
    ['an object', { toISOString: '2020-01-01T00:00:00Z' }],
    ['an array', ['2026-11-21T09:00:00Z']],
    ['a time without a zone', '2026-11-21T09:00:00'],
    ['a time a year ahead', '2027-11-21T09:00:00Z'],
  ])('counts an event whose payload.ts is %s at the receive time', async (_label, ts) => {
    const app = createHostileApp();
    const res = await app.track(withValue(['payload', 'ts'], ts));
    expect(res.body.status).toBe('persisted');
    const stored = JSON.parse((await app.storedState()) ?? 'null');
    expect(ownPath(stored, ['courses', 'crm-essentials', 'modules', 'crm-overview', 'completed_at'])).toBe(NOW.toISOString());
    app.expectSafe();
  });
});

describe('hostile bodies on POST /events/track: NUL bytes, control characters and reserved slugs', () => {
  it.each([
    ['payload.module_slug', ['payload', 'module_slug']],
    ['payload.course_slug', ['payload', 'course_slug']],
    ['payload.slug', ['payload', 'slug']],
    ['top-level pathway_slug', ['pathway_slug']],
  ])('refuses a NUL byte in %s with 400', async (_label, path) => {
    const app = createHostileApp();
    const res = await app.track(withValue(path, 'crm-overview\u0000'));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(app.store.calls).toBe(0);
  });

  it.each([
    ['a NUL byte', 'course\u0000page'],
    ['CR LF', 'course\r\npage'],
    ['an escape character', 'course\u001bpage'],
  ])('refuses an enrollment_source holding %s with 400, before any store call', async (_label, source) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials', enrollment_source: source }));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.details).toEqual(['payload.enrollment_source: must not contain control characters']);
    expect(app.store.calls).toBe(0);
  });

  it.each([
    ['a lone surrogate', 'course\ud800page'],
    ['a right-to-left override', 'course\u202epage'],
  ])('stores an enrollment_source holding %s JSON-escaped, so it reads back exactly', async (_label, source) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials', enrollment_source: source }));
    // Assess
    expect(res.body.status).toBe('persisted');
    const raw = (await app.storedState()) ?? '';
    expect(raw).not.toMatch(/[\u0000-\u001f]/);
    expect(parseStoredState(raw).courses['crm-essentials']?.enrollment_source).toBe(source);
    app.expectSafe();
  });

  it.each([
    ['learning_pathway_enrolled', { pathway_slug: 'courses' }],
    ['learning_course_enrolled', { course_slug: 'crm-essentials', pathway_slug: 'courses' }],
    ['learning_module_started', { module_slug: 'm1', pathway_slug: 'courses' }],
    ['learning_module_completed', { module_slug: 'm1', course_slug: 'c1', pathway_slug: 'courses' }],
    ['learning_pathway_completed', { pathway_slug: 'courses' }],
  ])('refuses "courses" as the pathway slug of %s with 400', async (eventName, fields) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const inPayload = await app.track(trackBody(eventName, fields));
    const topLevel = await app.track({ ...trackBody(eventName, {}), ...fields });
    // Assess
    for (const res of [inPayload, topLevel]) {
      expect(res.status).toBe(400);
      expect(res.body.details.details.join(' ')).toContain('"courses" and "modules" are reserved');
    }
    expect(app.store.calls).toBe(0);
  });

  it('stores "courses" as a standalone course slug under the standalone courses', async () => {
    const app = createHostileApp({}, catalogKnowing(['courses']));
    const res = await app.track(trackBody('learning_module_completed', { module_slug: 'courses', course_slug: 'courses' }));
    expect(res.body.status).toBe('persisted');
    expect(ownPath(JSON.parse((await app.storedState()) ?? 'null'), ['courses', 'courses', 'modules', 'courses', 'completed'])).toBe(true);
    app.expectSafe();
  });
});

describe('hostile bodies on POST /events/track: base64 and broken JSON', () => {
  it.each([
    ['text that is not base64', '!!! not base64 @@@'],
    ['base64 of bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('base64')],
    ['base64 of a truncated object', Buffer.from('{"eventName":"learning_pathway_enrolled"').toString('base64')],
  ])('refuses %s flagged as base64 with 400 INVALID_JSON', async (_label, body) => {
    // Prepare
    const app = createHostileApp();
    const event = { ...apiGatewayEvent({ method: 'POST', path: '/events/track', body }), isBase64Encoded: true };
    // Act
    const res = await app.handler(event);
    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '').details.code).toBe('INVALID_JSON');
    expect(app.store.calls).toBe(0);
  });

  it('counts the decoded bytes of a base64 body against the limit', async () => {
    const app = createHostileApp();
    const res = await app.track({ ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), pad: 'x'.repeat(10_001) }, { base64: true });
    expect(res.status).toBe(413);
  });

  it.each([
    ['a bare email', 'jane.doe@example.com'],
    ['a truncated body', '{"eventName":"learning_pathway_enrolled","contactIdentifier":{"email":"jane.doe@example.com"'],
    ['a body with a stray token', '{"contactIdentifier":{"email":"jane.doe@example.com"}} trailing'],
  ])('refuses %s with 400 INVALID_JSON without quoting it back or into the logs', async (_label, body) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(body);
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('INVALID_JSON');
    expect(JSON.stringify(res.body)).not.toContain('jane.doe');
    expect(JSON.stringify(app.logs)).not.toContain('jane.doe');
    expect(app.logs.some((l) => l.message === 'Validation failure' && l.code === 'INVALID_JSON')).toBe(true);
  });
});

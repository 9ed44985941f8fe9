import { describe, expect, it } from 'vitest';
import { parseStoredState, serializeState } from '../../../src/progress/state-codec.js';
import { trackBody } from '../../fixtures/app-fixture.js';
import { catalogKnowing, createHostileApp as createAppWithAnyCatalog, ownPath } from '../../fixtures/hostile-app.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';

/** Slugs that name something on `Object.prototype` (or reach it) and still match the slug pattern. */
const PROTOTYPE_SLUGS = ['__proto__', 'constructor', 'prototype', 'hasownproperty', 'tostring', 'valueof', '__definegetter__', 'isprototypeof'];

/** Content is checked against the catalog, so these slugs must be catalog content to reach the engine at all. */
const createHostileApp = (env: Record<string, string> = {}) => createAppWithAnyCatalog(env, catalogKnowing([...PROTOTYPE_SLUGS, 'p1']));

/** Where each event puts `slug`, as a path of own keys in the stored JSON (`null` for the page view, which is no node). */
const POSITIONS: readonly [string, string, (slug: string) => Record<string, unknown>, (slug: string) => string[]][] = [
  ['a pathway', 'learning_pathway_enrolled', (s) => ({ pathway_slug: s }), (s) => [s, 'enrolled']],
  ['a standalone course', 'learning_course_enrolled', (s) => ({ course_slug: s }), (s) => ['courses', s, 'enrolled']],
  ['a course in a pathway', 'learning_course_enrolled', (s) => ({ course_slug: s, pathway_slug: s }), (s) => [s, 'courses', s, 'enrolled']],
  ['a module in a standalone course', 'learning_module_completed', (s) => ({ module_slug: s, course_slug: s }), (s) => ['courses', s, 'modules', s, 'completed']],
  ['a module in a flat pathway', 'learning_module_started', (s) => ({ module_slug: s, pathway_slug: s }), (s) => [s, 'modules', s, 'started']],
  ['a module in a course in a pathway', 'learning_module_completed', (s) => ({ module_slug: s, course_slug: s, pathway_slug: s }), (s) => [s, 'courses', s, 'modules', s, 'completed']],
];

const cases = PROTOTYPE_SLUGS.flatMap((slug) => POSITIONS.map(([where, eventName, fields, path]) => [slug, where, eventName, fields(slug), path(slug)] as const));

describe('slugs that are prototype keys', () => {
  it.each(cases)('stores %s as %s like any other slug', async (_slug, _where, eventName, fields, path) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(trackBody(eventName, fields));
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: 'learner@example.com' } });
    // Assess
    expect(res.body.status).toBe('persisted');
    const raw = (await app.storedState()) ?? '';
    expect(ownPath(JSON.parse(raw), path)).toBe(true);
    expect(serializeState(parseStoredState(raw), MAX_TEXT_LENGTH)).toBe(raw);
    expect(ownPath(read.body.progress, path)).toBe(true);
    expect(read.body.summary).toEqual(expect.any(String));
    expect(Object.getPrototypeOf(JSON.parse(raw))).toBe(Object.prototype);
    app.expectSafe();
  });

  it.each(PROTOTYPE_SLUGS)('records a page view of %s', async (slug) => {
    const app = createHostileApp();
    const res = await app.track(trackBody('learning_page_viewed', { content_type: 'module', slug }));
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: 'learner@example.com' } });
    expect(res.body.status).toBe('persisted');
    expect(read.body.last_viewed).toMatchObject({ type: 'module', slug });
    app.expectSafe();
  });

  it('merges every prototype slug into one learner and reads them all back', async () => {
    // Prepare
    const app = createHostileApp();
    // Act
    for (const slug of PROTOTYPE_SLUGS) {
      await app.track(trackBody('learning_module_completed', { module_slug: slug, course_slug: '__proto__', pathway_slug: 'constructor' }));
    }
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: 'learner@example.com' } });
    // Assess
    const modules = ownPath(read.body.progress, ['constructor', 'courses', '__proto__', 'modules']) as Record<string, unknown>;
    expect(Object.keys(modules).sort()).toEqual([...PROTOTYPE_SLUGS].sort());
    expect(read.body.total_progress).toBe(PROTOTYPE_SLUGS.length);
    app.expectSafe();
  });

  it.each([
    ['a completed course', 'learning_course_completed', { course_slug: '__proto__' }],
    ['a completed pathway', 'learning_pathway_completed', { pathway_slug: 'constructor' }],
  ])('refuses a claim of %s named like a prototype key with 400: it is not in the catalog', async (_label, eventName, fields) => {
    const app = createHostileApp();
    const res = await app.track(trackBody(eventName, fields));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('INVALID_EVENT_DATA');
    expect(app.store.writes).toEqual([]);
    app.expectSafe();
  });

  it('refuses hasOwnProperty, which is not a slug (upper case), with 400', async () => {
    const app = createHostileApp();
    const res = await app.track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hasOwnProperty' }));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
  });
});

describe('prototype keys as JSON keys of the body', () => {
  it.each([
    ['the body', '{"__proto__":{"polluted":"body"},"eventName":"learning_pathway_enrolled","pathway_slug":"p1","contactIdentifier":{"email":"learner@example.com"}}'],
    ['contactIdentifier', '{"eventName":"learning_pathway_enrolled","pathway_slug":"p1","contactIdentifier":{"__proto__":{"polluted":"id","email":"x@evil.com"},"email":"learner@example.com"}}'],
    ['payload', '{"eventName":"learning_pathway_enrolled","contactIdentifier":{"email":"learner@example.com"},"payload":{"__proto__":{"polluted":"payload"},"pathway_slug":"p1"}}'],
    ['payload via constructor.prototype', '{"eventName":"learning_pathway_enrolled","contactIdentifier":{"email":"learner@example.com"},"payload":{"constructor":{"prototype":{"polluted":"ctor"}},"pathway_slug":"p1"}}'],
    ['a nested unknown key', '{"eventName":"learning_pathway_enrolled","pathway_slug":"p1","contactIdentifier":{"email":"learner@example.com"},"x":{"__proto__":{"__proto__":{"polluted":"deep"}}}}'],
  ])('ignores a __proto__ member in %s: the event is written, nothing is polluted', async (_label, body) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(body);
    // Assess
    expect(res.body.status).toBe('persisted');
    expect(await app.storedState('x@evil.com')).toBeUndefined();
    const stored = JSON.parse((await app.storedState()) ?? 'null');
    expect(Object.keys(stored)).toEqual(['courses', 'p1']);
    expect(JSON.stringify(stored)).not.toContain('polluted');
    app.expectSafe();
  });

  it('takes no slug a __proto__ member of payload would inherit', async () => {
    const app = createHostileApp();
    const res = await app.track('{"eventName":"learning_pathway_enrolled","contactIdentifier":{"email":"learner@example.com"},"payload":{"__proto__":{"pathway_slug":"inherited"}}}');
    expect(res.status).toBe(400);
    expect(res.body.details.details).toEqual(['pathway_slug: required for learning_pathway_enrolled']);
    app.expectSafe();
  });

  it('ignores prototype keys in the read query', async () => {
    const app = createHostileApp();
    await app.track(trackBody('learning_pathway_enrolled', { pathway_slug: 'p1' }));
    const query: Record<string, string> = JSON.parse('{"__proto__":{"email":"x@evil.com"},"email":"learner@example.com","constructor":"x"}');
    const res = await app.send({ method: 'GET', path: '/progress/read', query });
    expect(res.body.mode).toBe('authenticated');
    expect(Object.keys(res.body.progress).sort()).toEqual(['courses', 'p1']);
    app.expectSafe();
  });
});

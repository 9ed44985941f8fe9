import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, PROPERTY_NAMES } from '../../../src/properties/property-definitions.js';
import { GZIP_PREFIX, parseStoredState, serializeState, stateToJson } from '../../../src/progress/state-codec.js';
import { writeJson } from '../../../src/progress/state-json.js';
import { trackBody } from '../../fixtures/app-fixture.js';
import { createHostileApp as createAppWithCatalog } from '../../fixtures/hostile-app.js';
import { catalogOf } from '../../fixtures/progress-factories.js';
import type { ProgressState } from '../../../src/progress/types.js';
import { randomSlugs, sequentialSlugs, stateAtTheLimit, stateWithModules } from '../../fixtures/state-factory.js';

const COURSE = 'big-course';

/** A catalog whose one course holds every module of `state` and `more`: only catalog content reaches the state. */
function catalogFor(state: ProgressState, ...more: string[]) {
  return catalogOf({ courses: { [COURSE]: [...Object.keys(state.courses[COURSE]?.modules ?? {}), ...more] } });
}
const EMAIL = 'learner@example.com';

/** A learner who already holds `slugs` as completed modules of a standalone course the catalog does not know. */
async function learnerWith(app: ReturnType<typeof createAppWithCatalog>, serialized: string): Promise<string> {
  const created = await app.store.inner.create(EMAIL, { [PROPERTY_NAMES.state]: serialized });
  return created.id;
}

const FORMS = {
  compact: (raw: string) => raw === writeJson(stateToJson(parseStoredState(raw), 'compact')),
  gzip: (raw: string) => raw.startsWith(GZIP_PREFIX),
} as const;

describe('a learner with thousands of modules (the 65,536-character limit)', () => {
  it.each([
    [600, 'compact'],
    [3_000, 'gzip'],
    [8_000, 'gzip'],
  ] as const)('writes one more module to a learner with %i modules in the %s form and reads it back', async (count, form) => {
    // Prepare
    const state = stateWithModules(COURSE, sequentialSlugs(count));
    const app = createAppWithCatalog({}, catalogFor(state, 'one-more'));
    const id = await learnerWith(app, serializeState(state, MAX_TEXT_LENGTH));
    // Act
    const res = await app.track(trackBody('learning_module_completed', { module_slug: 'one-more', course_slug: COURSE }));
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: EMAIL } });
    // Assess
    expect(res.body).toEqual({ status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: id });
    const raw = (await app.storedState()) ?? '';
    expect(raw.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(FORMS[form](raw)).toBe(true);
    const modules = parseStoredState(raw).courses[COURSE]?.modules ?? {};
    expect(Object.keys(modules)).toHaveLength(count + 1);
    expect(modules['one-more']).toMatchObject({ completed: true });
    expect(Object.keys(read.body.progress.courses[COURSE].modules)).toHaveLength(count + 1);
    expect(read.body.total_progress).toBe(count + 1);
    app.expectSafe();
  });

  it('answers a fallback, not a 5xx, when the next state cannot fit even gzipped, and keeps the stored state', async () => {
    // Prepare
    const { state, serialized } = stateAtTheLimit(COURSE, 7);
    const incompressible = randomSlugs(11)(200);
    const app = createAppWithCatalog({}, catalogFor(state, incompressible));
    await learnerWith(app, serialized);
    // Act
    const res = await app.track(trackBody('learning_module_completed', { module_slug: incompressible, course_slug: COURSE }));
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'logged', mode: 'fallback', error: 'Progress state is too large to store' });
    expect(app.store.writes).toEqual([]);
    expect(await app.storedState()).toBe(serialized);
    const replay = app.logs.find((l) => l.message === 'Event logged for replay') as { replay?: { event?: { module?: string } } } | undefined;
    expect(replay?.replay?.event?.module).toBe(incompressible);
    app.expectSafe();
  });

  it('still persists an event for a learner at the limit when it adds nothing to the state', async () => {
    const { state, serialized } = stateAtTheLimit(COURSE, 7);
    const app = createAppWithCatalog({}, catalogFor(state));
    await learnerWith(app, serialized);
    const known = Object.keys(state.courses[COURSE]?.modules ?? {})[0] ?? '';
    const res = await app.track(trackBody('learning_module_completed', { module_slug: known, course_slug: COURSE }));
    expect(res.body.status).toBe('persisted');
    // The course's derived flags may be recomputed against the catalog; its modules are exactly what they were.
    expect(parseStoredState((await app.storedState()) ?? '').courses[COURSE]?.modules).toEqual(state.courses[COURSE]?.modules);
    app.expectSafe();
  });
});

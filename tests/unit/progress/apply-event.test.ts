import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../src/progress/apply-event.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { ProgressEvent, ProgressState } from '../../../src/progress/types.js';
import {
  applyAll,
  at,
  completedModule,
  courseCompleted,
  courseEnrolled,
  moduleCompleted,
  moduleStarted,
  pageViewed,
  pathwayCompleted,
  pathwayEnrolled,
  sampleCatalog,
  startedModule,
} from '../../fixtures/progress-factories.js';

const catalog = sampleCatalog();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function nodeAt(state: ProgressState, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], state);
}

describe('applyEvent', () => {
  describe.each<[string, ProgressEvent, string[]]>([
    ['a course and a pathway', moduleStarted('m1', { course: 'c1', pathway: 'p1' }), ['pathways', 'p1', 'courses', 'c1', 'modules', 'm1']],
    ['a pathway only', moduleStarted('m1', { pathway: 'fp' }), ['pathways', 'fp', 'modules', 'm1']],
    ['a course only', moduleStarted('m1', { course: 'c1' }), ['courses', 'c1', 'modules', 'm1']],
  ])('places a module event naming %s', (_, event, path) => {
    it(`records the module at ${path.join('.')}`, () => {
      // Act
      const state = applyEvent(emptyState(), event, catalog);

      // Assess
      expect(nodeAt(state, path)).toEqual(startedModule(at(0)));
    });
  });

  it('keeps a module event naming neither course nor pathway as a standalone module', () => {
    // Act
    const state = applyEvent(emptyState(), moduleStarted('m1'), catalog);

    // Assess
    expect(Object.keys(state.pathways)).toEqual([]);
    expect(Object.keys(state.courses)).toEqual([]);
    expect(state.modules.m1).toMatchObject({ started: true, started_at: at(0), completed: false });
  });

  it('starts and completes a module on learning_module_completed', () => {
    // Act
    const state = applyEvent(emptyState(), moduleCompleted('m1', { course: 'c1', at: at(2) }), catalog);

    // Assess
    expect(state.courses.c1?.modules.m1).toEqual(completedModule(at(2)));
  });

  it('keeps the earlier start when a module is completed after it was started', () => {
    // Act
    const state = applyAll([moduleStarted('m1', { course: 'c1', at: at(0) }), moduleCompleted('m1', { course: 'c1', at: at(3) })], catalog);

    // Assess
    expect(state.courses.c1?.modules.m1).toEqual(completedModule(at(3), at(0)));
  });

  describe.each<[string, ProgressEvent, string[][]]>([
    ['its course and pathway', moduleStarted('m1', { course: 'c1', pathway: 'p1', at: at(1) }), [['pathways', 'p1'], ['pathways', 'p1', 'courses', 'c1']]],
    ['its flat pathway', moduleCompleted('m1', { pathway: 'fp', at: at(1) }), [['pathways', 'fp']]],
    ['its standalone course', moduleCompleted('m1', { course: 'c1', at: at(1) }), [['courses', 'c1']]],
  ])('enrols %s from a module event', (_, event, paths) => {
    it.each(paths.map((path) => [path.join('.'), path]))('enrols %s with source module_event', (__, path) => {
      // Act
      const state = applyEvent(emptyState(), event, catalog);

      // Assess
      expect(nodeAt(state, path)).toMatchObject({ enrolled: true, enrolled_at: at(1), enrollment_source: 'module_event' });
    });
  });

  describe.each<[string, ProgressEvent, string[], object]>([
    ['a standalone course with its source', courseEnrolled('c1', { source: 'catalog_page' }), ['courses', 'c1'], { enrolled: true, enrolled_at: at(0), enrollment_source: 'catalog_page' }],
    ['a course inside its pathway', courseEnrolled('c1', { pathway: 'p1', source: 'catalog_page' }), ['pathways', 'p1', 'courses', 'c1'], { enrolled: true, enrollment_source: 'catalog_page' }],
    ['the pathway of a course, as course_enrollment', courseEnrolled('c1', { pathway: 'p1', source: 'catalog_page' }), ['pathways', 'p1'], { enrolled: true, enrolled_at: at(0), enrollment_source: 'course_enrollment' }],
    ['a pathway with its source', pathwayEnrolled('p1', { source: 'email' }), ['pathways', 'p1'], { enrolled: true, enrolled_at: at(0), enrollment_source: 'email' }],
  ])('enrols %s', (_, event, path, expected) => {
    it(`sets ${path.join('.')}`, () => {
      // Act
      const state = applyEvent(emptyState(), event, catalog);

      // Assess
      expect(nodeAt(state, path)).toMatchObject(expected);
    });
  });

  it('leaves enrollment_source out when the enrolment event has none', () => {
    // Act
    const state = applyEvent(emptyState(), courseEnrolled('c1'), catalog);

    // Assess
    expect(state.courses.c1).toEqual({ enrolled: true, enrolled_at: at(0), started: false, completed: false, modules: {} });
    expect(Object.keys(state.courses.c1 ?? {})).not.toContain('enrollment_source');
  });

  it('keeps the first enrolment source when a later enrolment names another', () => {
    // Act
    const state = applyAll([courseEnrolled('c1', { source: 'first', at: at(1) }), courseEnrolled('c1', { source: 'second', at: at(2) })], catalog);

    // Assess
    expect(state.courses.c1).toMatchObject({ enrolled_at: at(1), enrollment_source: 'first' });
  });

  it('takes time and source together from an enrolment that arrives late but happened first', () => {
    // Act
    const state = applyAll([courseEnrolled('c1', { source: 'second', at: at(2) }), courseEnrolled('c1', { source: 'first', at: at(1) })], catalog);

    // Assess
    expect(state.courses.c1).toMatchObject({ enrolled_at: at(1), enrollment_source: 'first' });
  });

  describe.each<[string, ProgressEvent]>([
    ['learning_course_completed', courseCompleted('c1')],
    ['learning_course_completed with a pathway', courseCompleted('c1', 'p1')],
    ['learning_pathway_completed', pathwayCompleted('p1')],
    ['learning_page_viewed', pageViewed('course', 'c1')],
  ])('adds no facts for %s', (_, event) => {
    it('returns the derived state unchanged', () => {
      // Prepare
      const before = applyAll([moduleStarted('m1', { course: 'c1' })], catalog);

      // Act
      const after = applyEvent(before, event, catalog);

      // Assess
      expect(after).toStrictEqual(before);
    });
  });

  it('derives completion after adding facts', () => {
    // Act
    const state = applyAll([moduleCompleted('m1', { course: 'c1', at: at(1) }), moduleCompleted('m2', { course: 'c1', at: at(2) })], catalog);

    // Assess
    expect(state.courses.c1).toMatchObject({ started: true, started_at: at(1), completed: true, completed_at: at(2) });
  });

  it('never modifies the state or the event it is given', () => {
    // Prepare
    const state = deepFreeze(applyAll([moduleStarted('m1', { course: 'c1', pathway: 'p1' })], catalog));
    const event = deepFreeze(moduleCompleted('m2', { course: 'c1', pathway: 'p1', at: at(1) }));

    // Act
    const next = applyEvent(state, event, catalog);

    // Assess
    expect(next.pathways.p1?.courses.c1?.modules.m2).toEqual(completedModule(at(1)));
    expect(state.pathways.p1?.courses.c1?.modules.m2).toBeUndefined();
  });
});

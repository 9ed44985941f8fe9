import { describe, expect, it } from 'vitest';
import { deriveState } from '../../../src/progress/derive-state.js';
import type { CourseProgress, PathwayProgress } from '../../../src/progress/types.js';
import {
  at,
  completedModule,
  courseNode,
  moduleNode,
  pathwayNode,
  sampleCatalog,
  startedModule,
  stateOf,
} from '../../fixtures/progress-factories.js';

const catalog = sampleCatalog();

function deriveStandalone(slug: string, course: CourseProgress): CourseProgress | undefined {
  return deriveState(stateOf({ courses: { [slug]: course } }), catalog).courses[slug];
}

function derivePathway(slug: string, pathway: PathwayProgress): PathwayProgress | undefined {
  return deriveState(stateOf({ pathways: { [slug]: pathway } }), catalog).pathways[slug];
}

describe('deriveState', () => {
  describe('for a course in the catalog (c1 = m1 + m2)', () => {
    it.each<[string, CourseProgress, Partial<CourseProgress>]>([
      ['is not started without modules', courseNode({ enrolled: true }), { started: false, completed: false }],
      ['is started at the earliest module start', courseNode({}, { m1: startedModule(at(2)), m2: startedModule(at(1)) }), { started: true, started_at: at(1), completed: false }],
      ['counts a module outside the catalog as a start', courseNode({}, { extra: startedModule(at(3)) }), { started: true, started_at: at(3) }],
      ['counts a completed module with a lost start as started', courseNode({}, { m1: moduleNode({ completed: true, completed_at: at(2) }) }), { started: true, started_at: at(2) }],
      ['is completed at the latest module completion', courseNode({}, { m1: completedModule(at(3)), m2: completedModule(at(1)) }), { completed: true, completed_at: at(3), started_at: at(1) }],
      ['is completed even when a module outside the catalog is not', courseNode({}, { m1: completedModule(at(1)), m2: completedModule(at(2)), extra: startedModule() }), { completed: true, completed_at: at(2) }],
      ['is not completed while one catalog module is missing', courseNode({}, { m1: completedModule(at(1)) }), { completed: false }],
      ['is not completed while one catalog module is only started', courseNode({}, { m1: completedModule(at(1)), m2: startedModule(at(2)) }), { completed: false }],
      ['ignores a stored completion the modules do not support', courseNode({ completed: true, completed_at: at(1), started: true, started_at: at(0) }), { started: false, completed: false }],
      ['is completed without a time when its modules lost theirs', courseNode({}, { m1: moduleNode({ completed: true }), m2: moduleNode({ completed: true }) }), { completed: true }],
    ])('%s', (_, course, expected) => {
      // Act
      const derived = deriveStandalone('c1', course);

      // Assess
      expect(derived).toMatchObject(expected);
      if (expected.completed === false) expect(derived).not.toHaveProperty('completed_at');
      if (expected.started === false) expect(derived).not.toHaveProperty('started_at');
    });
  });

  describe('for a course the catalog does not know', () => {
    it.each<[string, CourseProgress, Partial<CourseProgress>]>([
      ['keeps a stored completion', courseNode({ completed: true, completed_at: at(1) }), { completed: true, completed_at: at(1) }],
      ['keeps a stored start without modules', courseNode({ started: true, started_at: at(2) }), { started: true, started_at: at(2) }],
      ['takes the earlier of the stored start and module starts', courseNode({ started: true, started_at: at(2) }, { x: startedModule(at(1)) }), { started: true, started_at: at(1) }],
      ['is started by its modules', courseNode({}, { x: startedModule(at(3)) }), { started: true, started_at: at(3) }],
      ['is not completed by completing every module it holds', courseNode({}, { x: completedModule(at(3)) }), { completed: false }],
    ])('%s', (_, course, expected) => {
      // Act
      const derived = deriveStandalone('retired', course);

      // Assess
      expect(derived).toMatchObject(expected);
    });
  });

  it('never completes a catalog course that lists no modules', () => {
    // Prepare
    const state = stateOf({ courses: { empty: courseNode({ completed: true }) } });

    // Act
    const derived = deriveState(state, { ...catalog, courses: new Map([['empty', { modules: [] }]]) });

    // Assess
    expect(derived.courses.empty).toMatchObject({ completed: false });
  });

  describe('for pathways', () => {
    const c1Done = courseNode({}, { m1: completedModule(at(1)), m2: completedModule(at(2)) });
    const c2Done = courseNode({}, { m3: completedModule(at(4)) });

    it.each<[string, string, PathwayProgress, Partial<PathwayProgress>]>([
      ['a hierarchical pathway completes with every catalog course, at the latest', 'p1', pathwayNode({}, { courses: { c1: c1Done, c2: c2Done } }), { completed: true, completed_at: at(4), started: true, started_at: at(1) }],
      ['a hierarchical pathway with one course left is not completed', 'p1', pathwayNode({}, { courses: { c1: c1Done } }), { completed: false, started: true }],
      ['a hierarchical pathway is started by a module it holds directly', 'p1', pathwayNode({}, { modules: { m9: startedModule(at(3)) } }), { started: true, started_at: at(3) }],
      ['a hierarchical pathway ignores a stored completion', 'p1', pathwayNode({ completed: true, started: true }), { completed: false, started: false }],
      ['a flat pathway completes with every catalog module', 'fp', pathwayNode({}, { modules: { m1: completedModule(at(2)), m2: completedModule(at(3)) } }), { completed: true, completed_at: at(3), started_at: at(2) }],
      ['a flat pathway with a module left is not completed', 'fp', pathwayNode({}, { modules: { m1: completedModule(at(2)) } }), { completed: false, started: true }],
      ['a pathway listing nothing never completes', 'hollow', pathwayNode({ completed: true }, { modules: { m1: completedModule() } }), { completed: false, started: true }],
      ['an unknown pathway keeps its stored completion', 'legacy', pathwayNode({ completed: true, completed_at: at(2) }), { completed: true, completed_at: at(2) }],
      ['an unknown pathway is started by its courses', 'legacy', pathwayNode({}, { courses: { c1: courseNode({}, { m1: startedModule(at(3)) }) } }), { started: true, started_at: at(3) }],
    ])('%s', (_, slug, pathway, expected) => {
      // Act
      const derived = derivePathway(slug, pathway);

      // Assess
      expect(derived).toMatchObject(expected);
    });

    it('derives the courses inside a pathway from the catalog', () => {
      // Act
      const derived = derivePathway('p1', pathwayNode({}, { courses: { c1: c1Done } }));

      // Assess
      expect(derived?.courses.c1).toMatchObject({ completed: true, completed_at: at(2) });
    });
  });

  it('keeps enrolment facts as they are', () => {
    // Prepare
    const course = courseNode({ enrolled: true, enrolled_at: at(1), enrollment_source: 'import' });

    // Act
    const derived = deriveStandalone('c1', course);

    // Assess
    expect(derived).toMatchObject({ enrolled: true, enrolled_at: at(1), enrollment_source: 'import' });
  });

  it('gives the same state when applied twice', () => {
    // Prepare
    const state = stateOf({
      pathways: { p1: pathwayNode({}, { courses: { c1: courseNode({}, { m1: completedModule(at(1)), m2: completedModule(at(2)) }) } }) },
      courses: { retired: courseNode({ completed: true, completed_at: at(0) }, { x: startedModule(at(1)) }) },
    });

    // Act
    const once = deriveState(state, catalog);
    const twice = deriveState(once, catalog);

    // Assess
    expect(twice).toStrictEqual(once);
  });

  it('returns new objects and leaves its input alone', () => {
    // Prepare
    const module = startedModule(at(1));
    const state = stateOf({ courses: { c1: courseNode({}, { m1: module }) } });

    // Act
    const derived = deriveState(state, catalog);

    // Assess
    expect(derived.courses.c1?.modules.m1).not.toBe(module);
    expect(state.courses.c1).toMatchObject({ started: false });
  });
});

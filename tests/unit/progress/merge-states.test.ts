import { describe, expect, it } from 'vitest';
import { mergeCourses, mergeModules, mergeStates } from '../../../src/progress/merge-states.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { CourseProgress, ModuleProgress } from '../../../src/progress/types.js';
import { at, completedModule, courseNode, moduleNode, pathwayNode, startedModule, stateOf } from '../../fixtures/progress-factories.js';

describe('mergeStates', () => {
  describe.each<[string, ModuleProgress, ModuleProgress, ModuleProgress]>([
    ['ORs flags', moduleNode({ started: true }), moduleNode({ completed: true }), moduleNode({ started: true, completed: true })],
    ['keeps the earliest started_at', startedModule(at(2)), startedModule(at(1)), startedModule(at(1))],
    ['keeps the earliest completed_at', completedModule(at(1)), completedModule(at(3)), completedModule(at(1))],
    ['treats a missing time as the identity', moduleNode({ started: true }), startedModule(at(4)), startedModule(at(4))],
    ['combines a start with a completion', startedModule(at(0)), completedModule(at(2)), completedModule(at(2), at(0))],
  ])('for modules it %s', (_, a, b, expected) => {
    it('gives the same result in either order', () => {
      // Act
      const ab = mergeModules(a, b);
      const ba = mergeModules(b, a);

      // Assess
      expect(ab).toStrictEqual(expected);
      expect(ba).toStrictEqual(expected);
    });
  });

  describe.each<[string, Partial<CourseProgress>, Partial<CourseProgress>, Partial<CourseProgress>]>([
    ['the earlier enrolment wins', { enrolled: true, enrolled_at: at(2), enrollment_source: 'a' }, { enrolled: true, enrolled_at: at(1), enrollment_source: 'z' }, { enrolled_at: at(1), enrollment_source: 'z' }],
    ['a timed enrolment beats an untimed one', { enrolled: true, enrollment_source: 'a' }, { enrolled: true, enrolled_at: at(3), enrollment_source: 'z' }, { enrolled_at: at(3), enrollment_source: 'z' }],
    ['at the same time a defined source beats none', { enrolled: true, enrolled_at: at(1) }, { enrolled: true, enrolled_at: at(1), enrollment_source: 'z' }, { enrolled_at: at(1), enrollment_source: 'z' }],
    ['at the same time the smaller source wins', { enrolled: true, enrolled_at: at(1), enrollment_source: 'website' }, { enrolled: true, enrolled_at: at(1), enrollment_source: 'module_event' }, { enrolled_at: at(1), enrollment_source: 'module_event' }],
    ['time and source are never mixed from two sides', { enrolled: true, enrolled_at: at(1) }, { enrolled: true, enrolled_at: at(2), enrollment_source: 'z' }, { enrolled_at: at(1) }],
    ['enrolled is an OR', { enrolled: false }, { enrolled: true }, { enrolled: true }],
  ])('for enrolment %s', (_, a, b, expected) => {
    it('chooses the same pair in either order', () => {
      // Act
      const ab = mergeCourses(courseNode(a), courseNode(b));
      const ba = mergeCourses(courseNode(b), courseNode(a));

      // Assess
      expect(ab).toStrictEqual(ba);
      expect(ab).toMatchObject(expected);
      if (expected.enrollment_source === undefined) expect(ab).not.toHaveProperty('enrollment_source');
    });
  });

  it('unites pathways, courses and modules by key', () => {
    // Prepare
    const a = stateOf({
      pathways: { p1: pathwayNode({}, { courses: { c1: courseNode({}, { m1: startedModule() }) } }) },
      courses: { s1: courseNode({ enrolled: true }) },
    });
    const b = stateOf({
      pathways: {
        p1: pathwayNode({}, { courses: { c1: courseNode({}, { m2: startedModule() }), c2: courseNode() } }),
        p2: pathwayNode({}, { modules: { m1: startedModule() } }),
      },
      courses: { s2: courseNode() },
    });

    // Act
    const merged = mergeStates(a, b);

    // Assess
    expect(Object.keys(merged.pathways)).toEqual(['p1', 'p2']);
    expect(Object.keys(merged.pathways.p1?.courses ?? {})).toEqual(['c1', 'c2']);
    expect(Object.keys(merged.pathways.p1?.courses.c1?.modules ?? {})).toEqual(['m1', 'm2']);
    expect(Object.keys(merged.courses)).toEqual(['s1', 's2']);
  });

  it('shares no objects with its inputs', () => {
    // Prepare
    const a = stateOf({ courses: { c1: courseNode({}, { m1: startedModule() }) } });

    // Act
    const merged = mergeStates(a, emptyState());

    // Assess
    expect(merged).toStrictEqual(a);
    expect(merged.courses.c1).not.toBe(a.courses.c1);
    expect(merged.courses.c1?.modules.m1).not.toBe(a.courses.c1?.modules.m1);
  });

  it('builds records without a prototype', () => {
    // Act
    const merged = mergeStates(stateOf({ courses: { c1: courseNode() } }), emptyState());

    // Assess
    expect(Object.getPrototypeOf(merged.courses)).toBeNull();
    expect(Object.getPrototypeOf(merged.courses.c1?.modules)).toBeNull();
  });
});

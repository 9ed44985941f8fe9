import { describe, expect, it } from 'vitest';
import { deriveMilestones } from '../../../src/progress/milestones.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { ProgressEvent, ProgressState } from '../../../src/progress/types.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import {
  applyAll,
  at,
  completedModule,
  courseEnrolled,
  courseNode,
  moduleCompleted,
  moduleStarted,
  pathwayEnrolled,
  pathwayNode,
  sampleCatalog,
  startedModule,
  stateOf,
} from '../../fixtures/progress-factories.js';

const catalog = sampleCatalog();

function milestonesAfter(events: ProgressEvent[]): ReturnType<typeof deriveMilestones> {
  return deriveMilestones(deriveState(applyAll(events, catalog), catalog), catalog);
}

describe('deriveMilestones', () => {
  describe('summary', () => {
    it.each<[string, ProgressEvent[], string]>([
      ['says "No progress yet" for the empty state', [], 'No progress yet'],
      ['says "In progress" when there are only enrolments', [pathwayEnrolled('p1'), courseEnrolled('solo')], 'In progress'],
      ['counts courses of a hierarchical pathway against the catalog', [moduleCompleted('m1', { course: 'c1', pathway: 'p1' }), moduleCompleted('m2', { course: 'c1', pathway: 'p1' })], 'p1: 1/2 courses'],
      ['counts modules of a flat pathway against the catalog', [moduleCompleted('m1', { pathway: 'fp' })], 'fp: 1/2 modules'],
      ['counts modules of a standalone course against the catalog', [moduleStarted('s1', { course: 'solo' })], 'solo: 0/2 modules'],
      ['counts modules an unknown course holds', [moduleCompleted('x1', { course: 'retired' }), moduleStarted('x2', { course: 'retired' })], 'retired: 1/2 modules'],
      ['treats an unknown pathway holding only modules as flat', [moduleCompleted('x1', { pathway: 'legacy' })], 'legacy: 1/1 modules'],
      ['counts courses an unknown pathway holds', [moduleCompleted('x1', { course: 'c1', pathway: 'legacy' })], 'legacy: 0/1 courses'],
      ['counts nothing for a pathway the catalog lists nothing for', [moduleStarted('m1', { pathway: 'hollow' })], 'hollow: 0/0 courses'],
      [
        'lists pathways by slug, then standalone courses by slug',
        [moduleStarted('s1', { course: 'solo' }), moduleStarted('m1', { course: 'c1' }), moduleStarted('m1', { pathway: 'fp' }), moduleStarted('m3', { course: 'c2', pathway: 'p1' })],
        'fp: 0/2 modules; p1: 0/2 courses; c1: 0/2 modules; solo: 0/2 modules',
      ],
    ])('%s', (_, events, expected) => {
      // Act
      const { summary } = milestonesAfter(events);

      // Assess
      expect(summary).toBe(expected);
    });

    it('lists every part, however long (the property definition cuts it to what HubSpot stores)', () => {
      // Prepare
      const events = Array.from({ length: 700 }, (_, i) => moduleStarted('m', { pathway: `pathway-${String(i).padStart(4, '0')}-${'x'.repeat(90)}` }));

      // Act
      const { summary } = milestonesAfter(events);

      // Assess
      expect(summary.split('; ')).toHaveLength(700);
    });
  });

  it('lists enrolled courses sorted and once, counting started or completed courses as enrolled', () => {
    // Prepare
    const state = stateOf({
      pathways: { p1: pathwayNode({}, { courses: { c2: courseNode({ enrolled: true }), c1: courseNode({ enrolled: true }) } }) },
      courses: {
        c1: courseNode({ enrolled: true }),
        retired: courseNode({ completed: true }),
        legacy: courseNode({ started: true }),
        idle: courseNode(),
      },
    });

    // Act
    const { enrolledCourses } = deriveMilestones(deriveState(state, catalog), catalog);

    // Assess
    expect(enrolledCourses).toEqual(['c1', 'c2', 'legacy', 'retired']);
  });

  it('lists completed courses sorted and once, wherever they are', () => {
    // Prepare
    const state = applyAll(
      [
        moduleCompleted('m3', { course: 'c2', pathway: 'p1' }),
        moduleCompleted('m3', { course: 'c2' }),
        moduleCompleted('m1', { course: 'c1' }),
        moduleCompleted('m2', { course: 'c1' }),
        moduleCompleted('s1', { course: 'solo' }),
      ],
      catalog,
    );

    // Act
    const { completedCourses } = deriveMilestones(deriveState(state, catalog), catalog);

    // Assess
    expect(completedCourses).toEqual(['c1', 'c2']);
  });

  it.each<[string, ProgressEvent[], number]>([
    ['counts nothing without completions', [moduleStarted('m1', { course: 'c1' })], 0],
    ['counts a module completed in two places of the same course once', [moduleCompleted('m1', { course: 'c1' }), moduleCompleted('m1', { course: 'c1', pathway: 'p1' })], 1],
    ['counts the same module slug in different courses separately', [moduleCompleted('m1', { course: 'c1' }), moduleCompleted('m1', { course: 'c2' })], 2],
    ['counts flat pathway modules under the pathway', [moduleCompleted('m1', { pathway: 'fp' }), moduleCompleted('m1', { course: 'c1' })], 2],
  ])('totalProgress %s', (_, events, expected) => {
    // Act
    const { totalProgress } = milestonesAfter(events);

    // Assess
    expect(totalProgress).toBe(expected);
  });

  it.each<[string, ProgressState, string | undefined]>([
    ['is undefined for the empty state', emptyState(), undefined],
    ['includes enrolment times', stateOf({ courses: { c1: courseNode({ enrolled: true, enrolled_at: at(3) }) } }), at(3)],
    ['includes module times in pathways', stateOf({ pathways: { fp: pathwayNode({}, { modules: { m1: completedModule(at(4), at(1)) } }) } }), at(4)],
    ['takes the latest of many', stateOf({ courses: { c1: courseNode({}, { m1: startedModule(at(2)), m2: startedModule(at(1)) }) } }), at(2)],
  ])('latestActivity %s', (_, state, expected) => {
    // Act
    const milestones = deriveMilestones(deriveState(state, catalog), catalog);

    // Assess
    expect(milestones.latestActivity).toBe(expected);
  });
});

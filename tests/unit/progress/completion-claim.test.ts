import { describe, expect, it } from 'vitest';
import { checkCompletionClaim } from '../../../src/progress/completion-claim.js';
import type { ProgressEvent, ProgressState } from '../../../src/progress/types.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import {
  applyAll,
  courseCompleted,
  courseEnrolled,
  courseNode,
  moduleCompleted,
  moduleStarted,
  pageViewed,
  pathwayCompleted,
  sampleCatalog,
  stateOf,
} from '../../fixtures/progress-factories.js';

const catalog = sampleCatalog();

const c1Done = (pathway?: string): ProgressEvent[] => [
  moduleCompleted('m1', { course: 'c1', pathway }),
  moduleCompleted('m2', { course: 'c1', pathway }),
];

describe('checkCompletionClaim', () => {
  it.each<[string, ProgressEvent[], ProgressEvent]>([
    ['a standalone course that is complete', c1Done(), courseCompleted('c1')],
    ['a course complete inside some pathway, claimed without one', c1Done('p1'), courseCompleted('c1')],
    ['a course complete inside the claimed pathway', c1Done('p1'), courseCompleted('c1', 'p1')],
    ['a hierarchical pathway that is complete', [...c1Done('p1'), moduleCompleted('m3', { course: 'c2', pathway: 'p1' })], pathwayCompleted('p1')],
    ['a flat pathway that is complete', [moduleCompleted('m1', { pathway: 'fp' }), moduleCompleted('m2', { pathway: 'fp' })], pathwayCompleted('fp')],
    ['an event that claims nothing', [], pageViewed('course', 'c1')],
    ['a module event', [], moduleStarted('m1', { course: 'c1' })],
  ])('accepts %s', (_, events, claim) => {
    // Prepare
    const state = applyAll(events, catalog);

    // Act
    const result = checkCompletionClaim(deriveState(state, catalog), claim, catalog);

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it.each<[string, ProgressEvent[], ProgressEvent, string, string[]]>([
    ['a course the catalog does not know', [], courseCompleted('retired'), 'Course "retired" is not in the catalog', []],
    ['a pathway the catalog does not know', [], pathwayCompleted('legacy'), 'Pathway "legacy" is not in the catalog', []],
    ['a course nobody started', [courseEnrolled('c1')], courseCompleted('c1'), 'Course "c1" is not complete: 0/2 modules completed', ['c1: 0/2 modules completed']],
    ['a course halfway done', [moduleCompleted('m1', { course: 'c1' })], courseCompleted('c1'), 'Course "c1" is not complete: 1/2 modules completed', ['c1: 1/2 modules completed']],
    ['a course complete standalone but claimed in a pathway', c1Done(), courseCompleted('c1', 'p1'), 'Course "c1" is not complete: 0/2 modules completed', ['c1: 0/2 modules completed']],
    [
      'a course partly done in two places, reporting the furthest',
      [moduleCompleted('m2', { course: 'c1', pathway: 'p1' }), moduleStarted('m1', { course: 'c1' })],
      courseCompleted('c1'),
      'Course "c1" is not complete: 1/2 modules completed',
      ['c1: 1/2 modules completed'],
    ],
    ['a hierarchical pathway with a course left', c1Done('p1'), pathwayCompleted('p1'), 'Pathway "p1" is not complete: 1/2 courses completed', ['c2: 0/1 modules completed']],
    ['a hierarchical pathway nobody started', [], pathwayCompleted('p1'), 'Pathway "p1" is not complete: 0/2 courses completed', ['c1: 0/2 modules completed', 'c2: 0/1 modules completed']],
    ['a flat pathway with a module left', [moduleCompleted('m1', { pathway: 'fp' })], pathwayCompleted('fp'), 'Pathway "fp" is not complete: 1/2 modules completed', ['fp: 1/2 modules completed']],
  ])('rejects %s', (_, events, claim, message, details) => {
    // Prepare
    const state = applyAll(events, catalog);

    // Act
    const result = checkCompletionClaim(deriveState(state, catalog), claim, catalog);

    // Assess
    expect(result).toEqual({ ok: false, message, details });
  });

  it('judges the derived state, not a stored completion flag', () => {
    // Prepare
    const state: ProgressState = stateOf({ courses: { c1: courseNode({ completed: true }) } });

    // Act
    const result = checkCompletionClaim(deriveState(state, catalog), courseCompleted('c1'), catalog);

    // Assess
    expect(result).toMatchObject({ ok: false, message: 'Course "c1" is not complete: 0/2 modules completed' });
  });
});

import { describe, expect, it } from 'vitest';
import { deriveLearningMetrics, type LearningMetrics } from '../../../src/progress/learning-metrics.js';
import { mergeModules } from '../../../src/progress/merge-states.js';
import type { ModuleMeasures, ProgressEvent } from '../../../src/progress/types.js';
import { applyAll, at, courseEnrolled, moduleCompleted, moduleNode, moduleStarted, pathwayEnrolled, sampleCatalog } from '../../fixtures/progress-factories.js';
import { deriveState } from '../../../src/progress/derive-state.js';

/** c1 = m1 + m2, c2 = m3, solo = s1 + s2; p1 = c1 + c2, flat fp = m1 + m2. */
const catalog = sampleCatalog();

interface Placement {
  course?: string;
  pathway?: string;
  at?: string;
}

/** A module completion reported with a score and a time spent, as an LMS export row gives it. */
function completedWith(module: string, placement: Placement, measures: ModuleMeasures): ProgressEvent {
  return { ...moduleCompleted(module, placement), name: 'learning_module_completed', module, ...measures };
}

function startedWith(module: string, placement: Placement, measures: ModuleMeasures): ProgressEvent {
  return { ...moduleStarted(module, placement), name: 'learning_module_started', module, ...measures };
}

function metricsAfter(events: ProgressEvent[]): LearningMetrics {
  return deriveLearningMetrics(deriveState(applyAll(events, catalog), catalog), catalog);
}

describe('deriveLearningMetrics', () => {
  it('has no metric for the empty state', () => {
    expect(metricsAfter([])).toEqual({});
  });

  describe('average score', () => {
    it.each<[string, ProgressEvent[], number | undefined]>([
      ['is the mean of the module scores, rounded to one decimal', [completedWith('m1', { course: 'c1' }, { score: 80 }), completedWith('m2', { course: 'c1' }, { score: 85.25 })], 82.6],
      ['is empty when no module has a score', [moduleCompleted('m1', { course: 'c1' })], undefined],
      ['ignores modules without a score', [completedWith('m1', { course: 'c1' }, { score: 90 }), moduleCompleted('m2', { course: 'c1' })], 90],
      ['keeps the best score reported for one module', [completedWith('m1', { course: 'c1' }, { score: 60 }), completedWith('m1', { course: 'c1', at: at(1) }, { score: 75 })], 75],
      [
        'counts a course module once whether held standalone or in a pathway',
        [completedWith('m1', { course: 'c1' }, { score: 70 }), completedWith('m1', { course: 'c1', pathway: 'p1' }, { score: 90 })],
        90,
      ],
      ['counts a score of 0', [completedWith('m1', { course: 'c1' }, { score: 0 }), completedWith('m2', { course: 'c1' }, { score: 100 })], 50],
    ])('%s', (_, events, expected) => {
      expect(metricsAfter(events).averageScore).toBe(expected);
    });
  });

  describe('study minutes', () => {
    it.each<[string, ProgressEvent[], number | undefined]>([
      ['sums the modules’ time spent and rounds it to whole minutes', [startedWith('m1', { course: 'c1' }, { timeSpentSeconds: 90 }), completedWith('m2', { course: 'c1' }, { timeSpentSeconds: 100 })], 3],
      ['rounds half a minute up', [startedWith('m1', { course: 'c1' }, { timeSpentSeconds: 30 })], 1],
      ['is 0 when the time reported is under half a minute', [startedWith('m1', { course: 'c1' }, { timeSpentSeconds: 29 })], 0],
      ['is empty when no module has a time', [moduleStarted('m1', { course: 'c1' })], undefined],
      [
        'takes the longest time reported for a module rather than adding reports up',
        [startedWith('m1', { course: 'c1' }, { timeSpentSeconds: 600 }), completedWith('m1', { course: 'c1', at: at(1) }, { timeSpentSeconds: 900 })],
        15,
      ],
      ['adds modules of different courses and flat pathways', [startedWith('m1', { course: 'c1' }, { timeSpentSeconds: 60 }), startedWith('m1', { pathway: 'fp' }, { timeSpentSeconds: 120 })], 3],
    ])('%s', (_, events, expected) => {
      expect(metricsAfter(events).studyMinutes).toBe(expected);
    });
  });

  describe('current module', () => {
    it.each<[string, ProgressEvent[], string | undefined]>([
      ['is the module started or completed last', [moduleCompleted('m1', { course: 'c1', at: at(2) }), moduleStarted('m3', { course: 'c2', at: at(1) })], 'm1'],
      ['counts a later start of another module', [moduleCompleted('m1', { course: 'c1', at: at(1) }), moduleStarted('m3', { course: 'c2', at: at(3) })], 'm3'],
      ['breaks a tie by the smaller slug', [moduleStarted('m2', { course: 'c1', at: at(1) }), moduleStarted('m1', { course: 'c1', at: at(1) })], 'm1'],
      ['is empty when nothing was started', [courseEnrolled('c1')], undefined],
    ])('%s', (_, events, expected) => {
      expect(metricsAfter(events).currentModule).toBe(expected);
    });
  });

  describe('progress percent', () => {
    it.each<[string, ProgressEvent[], number | undefined]>([
      ['counts completed modules of an enrolled course against the catalog', [courseEnrolled('c1'), moduleCompleted('m1', { course: 'c1' })], 50],
      ['is 0 for an enrolment with nothing completed', [courseEnrolled('solo')], 0],
      ['counts every catalog module of an enrolled pathway’s courses', [pathwayEnrolled('p1'), moduleCompleted('m1', { course: 'c1', pathway: 'p1' })], 33],
      ['counts a flat pathway’s catalog modules', [moduleCompleted('m1', { pathway: 'fp' })], 50],
      ['counts a completion made in the standalone course toward the pathway holding it', [pathwayEnrolled('p1'), moduleCompleted('m3', { course: 'c2' })], 33],
      ['adds the modules of everything the learner is in', [courseEnrolled('solo'), moduleCompleted('m1', { course: 'c1' }), moduleCompleted('m2', { course: 'c1' })], 50],
      ['is 100 when everything is completed', [moduleCompleted('m3', { course: 'c2' })], 100],
      ['is empty when the catalog knows nothing the learner is in', [moduleCompleted('x1', { course: 'retired' })], undefined],
    ])('%s', (_, events, expected) => {
      expect(metricsAfter(events).progressPercent).toBe(expected);
    });
  });
});

describe('mergeModules measures', () => {
  it.each([
    ['keeps the larger score and the longer time', { score: 60, time_spent_seconds: 900 }, { score: 75, time_spent_seconds: 300 }, { score: 75, time_spent_seconds: 900 }],
    ['keeps a measure only one side has', { score: 60 }, { time_spent_seconds: 30 }, { score: 60, time_spent_seconds: 30 }],
    ['is idempotent rather than additive: a re-run changes nothing', { time_spent_seconds: 600 }, { time_spent_seconds: 600 }, { time_spent_seconds: 600 }],
  ])('%s', (_, a, b, expected) => {
    // Act
    const merged = mergeModules(moduleNode({ started: true, ...a }), moduleNode({ started: true, ...b }));

    // Assess
    expect(merged).toEqual(moduleNode({ started: true, ...expected }));
  });
});

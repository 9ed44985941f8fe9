import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../../src/progress/apply-event.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { ProgressEvent } from '../../../src/progress/types.js';
import { placeModuleEvents } from '../../../src/tracking/place-module-events.js';
import { at, catalogOf, courseEnrolled, moduleStarted, pathwayEnrolled } from '../../fixtures/progress-factories.js';

/** first = a + shared, second = shared + b; pathway track = first + second; flat tour = a + t; solo stands alone. */
const catalog = catalogOf({
  courses: { first: ['a', 'shared'], second: ['shared', 'b'] },
  pathways: { track: { courses: ['first', 'second'] }, tour: { modules: ['a', 't'] } },
  modules: ['solo'],
});

const placed = (history: ProgressEvent[], event: ProgressEvent) =>
  placeModuleEvents(applyEvents(emptyState(), history, catalog), [event], catalog).map((e) => ('course' in e || 'pathway' in e ? { course: 'course' in e ? e.course : undefined, pathway: 'pathway' in e ? e.pathway : undefined } : {}));

describe('placing a module event that names no course', () => {
  it.each([
    ['the one course holding it, standalone', [], 'b', [{ course: 'second', pathway: undefined }]],
    ['the first course in catalog order when the learner is in none of them', [], 'shared', [{ course: 'first', pathway: undefined }]],
    ['every course holding it that the learner is in', [courseEnrolled('second'), courseEnrolled('first')], 'shared', [{ course: 'first', pathway: undefined }, { course: 'second', pathway: undefined }]],
    ['the courses of an enrolled pathway that hold it', [pathwayEnrolled('track')], 'shared', [{ course: 'first', pathway: 'track' }, { course: 'second', pathway: 'track' }]],
    ['a course the learner holds inside a pathway (and, the pathway being enrolled with it, its other courses)', [courseEnrolled('second', { pathway: 'track' })], 'shared', [{ course: 'first', pathway: 'track' }, { course: 'second', pathway: 'track' }]],
    ['a standalone course and the same course in a pathway', [courseEnrolled('second'), courseEnrolled('second', { pathway: 'track' })], 'b', [{ course: 'second', pathway: undefined }, { course: 'second', pathway: 'track' }]],
    ['an enrolled flat pathway listing it, besides its course', [pathwayEnrolled('tour'), courseEnrolled('first')], 'a', [{ course: 'first', pathway: undefined }, { course: undefined, pathway: 'tour' }]],
    ['nowhere but a standalone module when no course or pathway holds it', [], 'solo', [{}]],
  ] as const)('goes to %s', (_label, history, module, expected) => {
    expect(placed([...history], moduleStarted(module))).toEqual(expected);
  });

  it('goes to the first course of a named pathway that holds it when the pathway is not flat', () => {
    expect(placed([], moduleStarted('b', { pathway: 'track' }))).toEqual([{ course: 'second', pathway: 'track' }]);
  });

  it('leaves events that name a course as they are', () => {
    const event = moduleStarted('shared', { course: 'second', at: at(1) });
    expect(placeModuleEvents(emptyState(), [event], catalog)).toEqual([event]);
  });
});

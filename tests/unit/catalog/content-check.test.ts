import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../../src/catalog/content-check.js';
import type { ProgressEvent } from '../../../src/progress/types.js';
import { at, catalogOf } from '../../fixtures/progress-factories.js';

const catalog = catalogOf({
  courses: { c1: ['m1', 'm2'], c2: ['m3'] },
  pathways: { p1: { courses: ['c1'] }, flat: { modules: ['m9'] } },
  modules: ['solo'],
});
const T = at(0);

describe('contentProblems', () => {
  it.each<[string, ProgressEvent]>([
    ['a module in its course in its pathway', { name: 'learning_module_completed', at: T, module: 'm1', course: 'c1', pathway: 'p1' }],
    ['a module with no course (placed later)', { name: 'learning_module_started', at: T, module: 'm3' }],
    ['a standalone module', { name: 'learning_module_started', at: T, module: 'solo' }],
    ['a module of a flat pathway', { name: 'learning_module_started', at: T, module: 'm9', pathway: 'flat' }],
    ['a module of a pathway\'s course, named with the pathway only', { name: 'learning_module_started', at: T, module: 'm2', pathway: 'p1' }],
    ['a course enrolment in its pathway', { name: 'learning_course_enrolled', at: T, course: 'c1', pathway: 'p1' }],
    ['a page view of a course', { name: 'learning_page_viewed', at: T, contentType: 'course', slug: 'c2' }],
  ])('accepts %s', (_label, event) => {
    expect(contentProblems(event, catalog)).toEqual([]);
  });

  it.each<[string, ProgressEvent, string[]]>([
    ['an unknown module', { name: 'learning_module_started', at: T, module: 'zz' }, ['module_slug: module "zz" is not in the catalog']],
    ['an unknown course and pathway', { name: 'learning_course_enrolled', at: T, course: 'cx', pathway: 'px' }, ['course_slug: course "cx" is not in the catalog', 'pathway_slug: pathway "px" is not in the catalog']],
    ['a module in a course that does not hold it', { name: 'learning_module_started', at: T, module: 'm3', course: 'c1' }, ['course_slug: course "c1" does not hold module "m3"']],
    ['a course in a pathway that does not hold it', { name: 'learning_course_enrolled', at: T, course: 'c2', pathway: 'p1' }, ['pathway_slug: pathway "p1" does not hold course "c2"']],
    ['a module in a pathway that holds it nowhere', { name: 'learning_module_started', at: T, module: 'm3', pathway: 'p1' }, ['pathway_slug: pathway "p1" does not hold module "m3"']],
    ['a page view of an unknown module', { name: 'learning_page_viewed', at: T, contentType: 'module', slug: 'zz' }, ['payload.slug: module "zz" is not in the catalog']],
  ])('refuses %s, naming why', (_label, event, problems) => {
    expect(contentProblems(event, catalog)).toEqual(problems);
  });
});

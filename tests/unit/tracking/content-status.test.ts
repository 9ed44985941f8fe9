import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../../src/progress/apply-event.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { Catalog } from '../../../src/progress/types.js';
import { completions, courseStatus, pathwayStatus } from '../../../src/tracking/content-status.js';
import { at, catalogOf, moduleCompleted, moduleStarted, pathwayEnrolled } from '../../fixtures/progress-factories.js';

const catalog = catalogOf({ courses: { c1: ['m1', 'm2'], c2: ['m3'] }, pathways: { p1: { courses: ['c1', 'c2'] }, flat: { modules: ['m1', 'm9'] } } });

describe('course and pathway status', () => {
  it('counts a course\'s modules wherever the learner holds it, completing at the latest of them', () => {
    // Prepare
    const state = applyEvents(emptyState(), [moduleCompleted('m1', { course: 'c1', at: at(1) }), moduleCompleted('m2', { course: 'c1', pathway: 'p1', at: at(2) })], catalog);
    // Act
    const status = courseStatus(state, catalog, 'c1', (type, slug, time) => `${type}:${slug}:${time}`);
    // Assess
    expect(status).toMatchObject({ course_status: 'complete', modules_completed: 2, modules_total: 2, course_cert_id: `course:c1:${at(2)}` });
  });

  it.each([
    ['not started when only enrolled', [pathwayEnrolled('p1')], 'not_started', 0],
    ['in progress when a module of one course is started', [moduleStarted('m3', { course: 'c2' })], 'in_progress', 0],
    ['in progress with one course of two complete', [moduleCompleted('m3', { course: 'c2' })], 'in_progress', 1],
  ] as const)('says a pathway is %s', (_label, events, status, completed) => {
    const state = applyEvents(emptyState(), [...events], catalog);
    expect(pathwayStatus(state, catalog, 'p1')).toMatchObject({ pathway_status: status, courses_completed: completed, courses_total: 2, pathway_cert_id: null });
  });

  it('completes a flat pathway with its own modules and lists no courses', () => {
    const state = applyEvents(emptyState(), [moduleCompleted('m1', { pathway: 'flat' }), moduleCompleted('m9', { pathway: 'flat', at: at(3) })], catalog);
    expect(pathwayStatus(state, catalog, 'flat', () => 'id')).toMatchObject({ pathway_status: 'complete', courses: [], courses_total: 0, pathway_cert_id: 'id' });
  });

  it('gives no certificate for content whose catalog entry says it awards none', () => {
    // Prepare
    const noAward: Catalog = { ...catalog, courses: new Map([['c2', { modules: ['m3'], awardsCertificate: false }]]) };
    const state = applyEvents(emptyState(), [moduleCompleted('m3', { course: 'c2' })], noAward);
    // Act + Assess
    expect(completions(state, noAward)).toEqual([]);
    expect(completions(state, catalog)).toEqual([{ entityType: 'course', slug: 'c2', completedAt: at(0) }]);
  });
});

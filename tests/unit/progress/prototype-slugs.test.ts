import { describe, expect, it } from 'vitest';
import { checkCompletionClaim } from '../../../src/progress/completion-claim.js';
import { mergeStates } from '../../../src/progress/merge-states.js';
import { deriveMilestones } from '../../../src/progress/milestones.js';
import { parseStoredState, serializeState } from '../../../src/progress/state-codec.js';
import {
  applyAll,
  at,
  catalogOf,
  courseCompleted,
  courseEnrolled,
  moduleCompleted,
  moduleStarted,
  pathwayCompleted,
} from '../../fixtures/progress-factories.js';
import { expectSameState } from '../../fixtures/same-state.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';
import { deriveState } from '../../../src/progress/derive-state.js';

const PROTOTYPE_SLUGS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

describe.each(PROTOTYPE_SLUGS)('the slug %s', (slug) => {
  const catalog = catalogOf({
    courses: { [slug]: [slug, 'm2'] },
    pathways: { [slug]: { courses: [slug] } },
  });
  const events = [
    moduleCompleted(slug, { course: slug, pathway: slug, at: at(1) }),
    moduleCompleted('m2', { course: slug, pathway: slug, at: at(2) }),
    moduleStarted(slug, { course: slug, at: at(3) }),
    moduleStarted(slug, { pathway: 'flat', at: at(0) }),
  ];

  it('is an ordinary key at every level of the state', () => {
    // Act
    const state = applyAll(events, catalog);

    // Assess
    expect(Object.keys(state.pathways)).toContain(slug);
    expect(Object.keys(state.pathways[slug]?.courses ?? {})).toEqual([slug]);
    expect(Object.keys(state.pathways[slug]?.courses[slug]?.modules ?? {})).toEqual([slug, 'm2'].sort());
    expect(Object.keys(state.courses)).toEqual([slug]);
    expect(Object.keys(state.pathways.flat?.modules ?? {})).toEqual([slug]);
    expect(Object.getPrototypeOf(state.pathways)).toBeNull();
  });

  it('is derived with the catalog like any other slug', () => {
    // Act
    const state = applyAll(events, catalog);

    // Assess
    expect(state.pathways[slug]).toMatchObject({ completed: true, completed_at: at(2) });
    expect(checkCompletionClaim(deriveState(state, catalog), courseCompleted(slug, slug), catalog)).toEqual({ ok: true });
    expect(checkCompletionClaim(deriveState(state, catalog), pathwayCompleted(slug), catalog)).toEqual({ ok: true });
  });

  it('survives serialization and parsing', () => {
    // Prepare
    const state = applyAll(events, catalog);

    // Act
    const parsed = parseStoredState(serializeState(state, MAX_TEXT_LENGTH));

    // Assess
    expectSameState(parsed, state);
    expect(Object.keys(JSON.parse(serializeState(state, MAX_TEXT_LENGTH)))).toContain(slug);
  });

  it('merges by key', () => {
    // Prepare
    const a = applyAll([courseEnrolled(slug, { source: 'a', at: at(2) })], catalog);
    const b = applyAll([courseEnrolled(slug, { source: 'b', at: at(1) })], catalog);

    // Act
    const merged = mergeStates(a, b);

    // Assess
    expect(Object.keys(merged.courses)).toEqual([slug]);
    expect(merged.courses[slug]).toMatchObject({ enrolled_at: at(1), enrollment_source: 'b' });
  });

  it('appears in the milestones', () => {
    // Act
    const milestones = deriveMilestones(deriveState(applyAll(events, catalog), catalog), catalog);

    // Assess
    expect(milestones.enrolledCourses).toEqual([slug]);
    expect(milestones.completedCourses).toEqual([slug]);
    expect(milestones.summary).toContain(`${slug}: 1/1 courses`);
  });

  it('never reaches Object.prototype', () => {
    // Act
    applyAll(events, catalog);
    parseStoredState(JSON.stringify({ [slug]: { courses: { [slug]: { modules: { [slug]: { polluted: true } } } } } }));

    // Assess
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

it('reads a stored "__proto__" key as a pathway, not as a prototype', () => {
  // Act
  const state = parseStoredState('{"__proto__":{"enrolled":true,"modules":{"__proto__":{"started":true}}}}');

  // Assess
  expect(Object.keys(state.pathways)).toEqual(['__proto__']);
  expect(Object.keys(state.pathways.__proto__?.modules ?? {})).toEqual(['__proto__']);
  expect(state.pathways.__proto__?.modules.__proto__).toEqual({ started: true, completed: false });
});

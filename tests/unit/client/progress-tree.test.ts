import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, isAcknowledged, type TreeNode } from '../../../client/src/progress-tree.js';
import { parseStoredState } from '../../../src/progress/state-codec.js';
import { stateToJson, writeJson, type JsonObject } from '../../../src/progress/state-json.js';
import type { ProgressEvent } from '../../../src/progress/types.js';
import { eventArb, eventsArb, RUNS } from '../../fixtures/progress-arbitraries.js';
import { T, applyAll, catalogOf } from '../../fixtures/progress-factories.js';
import { bodyOf } from '../../fixtures/client-factories.js';

/** With no catalog the server derives nothing the client cannot: both must then agree exactly. */
const noCatalog = catalogOf({});
const serverTree = (events: readonly ProgressEvent[]): JsonObject => stateToJson(applyAll(events, noCatalog));
/** A client tree in the server's full form (the client leaves out defaults the server writes). */
const normalised = (tree: TreeNode) => writeJson(stateToJson(parseStoredState(JSON.stringify(tree))));
const clientApply = (tree: TreeNode, events: readonly ProgressEvent[]) => events.reduce((t, e) => applyEvent(t, bodyOf(e)), JSON.parse(JSON.stringify(tree)));
const hasFacts = (e: ProgressEvent) => /enrolled|module/.test(e.name);

const module = (name: 'learning_module_started' | 'learning_module_completed', at: string, placement: { course?: string; pathway?: string }) => bodyOf({ name, at, module: 'm1', ...placement });

describe('client progress tree: the server\'s merge laws', () => {
  it('gives the server\'s tree when pending events are merged into a tree the server read', () => {
    fc.assert(
      fc.property(eventsArb, eventsArb, (stored, pending) => {
        // Act
        const merged = clientApply(serverTree(stored), pending);
        // Assess
        expect(normalised(merged)).toBe(writeJson(serverTree([...stored, ...pending])));
      }),
      RUNS,
    );
  });

  it('changes nothing when an event is merged again, and does not depend on the order', () => {
    fc.assert(
      fc.property(eventsArb, eventArb, (events, event) => {
        const once = clientApply({}, [...events, event]);
        expect(normalised(clientApply(once, [event]))).toBe(normalised(once));
        expect(normalised(clientApply({}, [event, ...[...events].reverse()]))).toBe(normalised(once));
      }),
      RUNS,
    );
  });

  it('acknowledges every event whose facts the server already holds', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const tree = serverTree(events);
        for (const event of events.filter(hasFacts)) expect(isAcknowledged(tree, bodyOf(event))).toBe(true);
      }),
      RUNS,
    );
  });

  it.each([
    ['a module completion starts the module and enrols and starts course and pathway', module('learning_module_completed', T[1]!, { course: 'c1', pathway: 'p1' }), {
      p1: { enrolled: true, enrolled_at: T[1], enrollment_source: 'module_event', started: true, started_at: T[1],
        courses: { c1: { enrolled: true, enrolled_at: T[1], enrollment_source: 'module_event', started: true, started_at: T[1],
          modules: { m1: { started: true, started_at: T[1], completed: true, completed_at: T[1] } } } } },
    }],
    ['a module of a flat pathway sits in the pathway', module('learning_module_started', T[1]!, { pathway: 'fp' }), {
      fp: { enrolled: true, enrolled_at: T[1], enrollment_source: 'module_event', started: true, started_at: T[1], modules: { m1: { started: true, started_at: T[1] } } },
    }],
    ['a course enrolment inside a pathway enrols the pathway', bodyOf({ name: 'learning_course_enrolled', at: T[1]!, course: 'c1', pathway: 'p1', source: 'course_page' }), {
      p1: { enrolled: true, enrolled_at: T[1], enrollment_source: 'course_enrollment', courses: { c1: { enrolled: true, enrolled_at: T[1], enrollment_source: 'course_page' } } },
    }],
    ['a page view adds nothing', { eventName: 'learning_page_viewed', payload: { ts: T[1]!, content_type: 'module', slug: 'm1' } }, {}],
  ])('%s', (_label, body, expected) => {
    expect(applyEvent({}, body)).toEqual(expected);
  });

  it('keeps the earliest times and the source of the earliest enrolment', () => {
    // Prepare
    const tree = { courses: { c1: { enrolled: true, enrolled_at: T[0], enrollment_source: 'import', started: true, started_at: T[2], modules: { m1: { started: true, started_at: T[2], completed: false } } } } };
    // Act
    const merged = applyEvent(structuredClone(tree), module('learning_module_completed', T[1]!, { course: 'c1' }));
    // Assess
    expect(merged.courses.c1).toMatchObject({ enrolled_at: T[0], enrollment_source: 'import', started_at: T[1], modules: { m1: { started_at: T[1], completed: true, completed_at: T[1] } } });
  });

  it('keeps prototype-like slugs as ordinary keys', () => {
    const tree = applyEvent({}, bodyOf({ name: 'learning_module_completed', at: T[0]!, module: 'constructor', course: '__proto__', pathway: 'hasOwnProperty' }));
    expect(JSON.stringify(tree)).toMatch(/^\{"hasOwnProperty":\{.*"courses":\{"__proto__":\{.*"modules":\{"constructor":\{"started":true/);
    expect(Object.prototype).not.toHaveProperty('enrolled');
    expect(Object.prototype).not.toHaveProperty('modules');
  });

  it.each([
    ['a module the server does not hold', module('learning_module_started', T[0]!, { course: 'c2' }), false],
    ['a completion the server has only as a start', module('learning_module_completed', T[0]!, { course: 'c1' }), false],
    ['a start the server holds, at another time', module('learning_module_started', T[4]!, { course: 'c1' }), true],
    ['a page view, which no read can confirm', { eventName: 'learning_page_viewed', payload: { ts: T[0]!, content_type: 'module', slug: 'm1' } }, false],
  ])('acknowledges %s: %s', (_label, body, expected) => {
    const tree = serverTree([{ name: 'learning_module_started', at: T[1]!, module: 'm1', course: 'c1' }]);
    expect(isAcknowledged(tree, body)).toBe(expected);
  });
});

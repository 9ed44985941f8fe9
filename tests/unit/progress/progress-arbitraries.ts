/**
 * fast-check arbitraries over a small slug alphabet, so that generated events and states collide often, against a
 * small fixed catalog. Prototype-like slugs are part of every alphabet.
 */
import fc from 'fast-check';
import { deriveState } from '../../../src/progress/derive-state.js';
import { makeCourse, makeModule, makePathway } from '../../../src/progress/progress-nodes.js';
import type { CourseProgress, ModuleProgress, PathwayProgress, ProgressEvent, ProgressState } from '../../../src/progress/types.js';
import { T, applyAll, catalogOf, recordOf } from './progress-factories.js';

/** p1 = c1 + c2 (hierarchical), fp = m1 + m2 (flat); ghost, __proto__ and every course but c1, c2 are unknown. */
export const lawCatalog = catalogOf({
  courses: { c1: ['m1', 'm2'], c2: ['m2', 'constructor'] },
  pathways: { p1: { courses: ['c1', 'c2'] }, fp: { modules: ['m1', 'm2'] } },
});

const pathwaySlug = fc.constantFrom('p1', 'fp', 'ghost', '__proto__');
const courseSlug = fc.constantFrom('c1', 'c2', 'c9', 'hasOwnProperty');
const moduleSlug = fc.constantFrom('m1', 'm2', 'constructor');
const instant = fc.constantFrom(...T.slice(0, 3));
const source = fc.constantFrom(undefined, 'website', 'module_event', 'import');
const maybe = <V>(arb: fc.Arbitrary<V>): fc.Arbitrary<V | undefined> => fc.option(arb, { nil: undefined });
/** Scores and times that collide often, the bounds included. */
const score = maybe(fc.constantFrom(0, 55, 87.5, 100));
const timeSpent = maybe(fc.constantFrom(0, 30, 600));

/** Only defined members, as the edge hands events to the engine. */
function defined<E extends object>(event: E): E {
  const copy = { ...event };
  for (const [key, value] of Object.entries(copy)) if (value === undefined) Reflect.deleteProperty(copy, key);
  return copy;
}

/** Module events, with an LMS's score and time spent when `measured`. */
function moduleEventArb(name: 'learning_module_started' | 'learning_module_completed', measured: boolean): fc.Arbitrary<ProgressEvent> {
  const place = { at: instant, module: moduleSlug, course: maybe(courseSlug), pathway: maybe(pathwaySlug) };
  return measured
    ? fc.record({ ...place, score, timeSpentSeconds: timeSpent }).map((e): ProgressEvent => defined({ name, ...e }))
    : fc.record(place).map((e): ProgressEvent => defined({ name, ...e }));
}

function eventArbOf(measured: boolean): fc.Arbitrary<ProgressEvent> {
  return fc.oneof(
    moduleEventArb('learning_module_started', measured),
    moduleEventArb('learning_module_completed', measured),
    fc.record({ at: instant, course: courseSlug, pathway: maybe(pathwaySlug), source }).map(
      (e): ProgressEvent => defined({ name: 'learning_course_enrolled', ...e }),
    ),
    fc.record({ at: instant, pathway: pathwaySlug, source }).map((e): ProgressEvent => defined({ name: 'learning_pathway_enrolled', ...e })),
    fc.record({ at: instant, course: courseSlug, pathway: maybe(pathwaySlug) }).map(
      (e): ProgressEvent => defined({ name: 'learning_course_completed', ...e }),
    ),
    fc.record({ at: instant, pathway: pathwaySlug }).map((e): ProgressEvent => ({ name: 'learning_pathway_completed', ...e })),
  );
}

/** Events as the browser and `/events/track` send them: no scores or times. */
export const eventArb: fc.Arbitrary<ProgressEvent> = eventArbOf(false);
export const eventsArb = fc.array(eventArb, { maxLength: 12 });

/** Events as the engine takes them, LMS imports included: module events may carry a score and a time spent. */
export const measuredEventArb: fc.Arbitrary<ProgressEvent> = eventArbOf(true);
export const measuredEventsArb = fc.array(measuredEventArb, { maxLength: 12 });

interface TimedFlag {
  flag: boolean;
  at?: string;
}

/** A flag with its time: false (no time), true without a time (legacy data), or true with a time. */
const timedFlag: fc.Arbitrary<TimedFlag> = fc.oneof(
  fc.constant({ flag: false }),
  fc.constant({ flag: true }),
  instant.map((at) => ({ flag: true, at })),
);

const moduleArb: fc.Arbitrary<ModuleProgress> = fc
  .tuple(timedFlag, timedFlag, score, timeSpent)
  .map(([started, completed, moduleScore, time]) =>
    makeModule({
      started: started.flag,
      started_at: started.at,
      completed: completed.flag,
      completed_at: completed.at,
      score: moduleScore,
      time_spent_seconds: time,
    }),
  );

const nodeFlagsArb = fc.record({ enrolled: timedFlag, source, started: timedFlag, completed: timedFlag });

type NodeFlags = typeof nodeFlagsArb extends fc.Arbitrary<infer F> ? F : never;

function nodeFields({ enrolled, source: enrollmentSource, started, completed }: NodeFlags) {
  return {
    enrolled: enrolled.flag,
    enrolled_at: enrolled.at,
    enrollment_source: enrollmentSource,
    started: started.flag,
    started_at: started.at,
    completed: completed.flag,
    completed_at: completed.at,
  };
}

function recordArb<V>(keys: fc.Arbitrary<string>, value: fc.Arbitrary<V>): fc.Arbitrary<Record<string, V>> {
  return fc.array(fc.tuple(keys, value), { maxLength: 3 }).map((entries) => recordOf(entries));
}

const courseArb: fc.Arbitrary<CourseProgress> = fc
  .tuple(nodeFlagsArb, recordArb(moduleSlug, moduleArb))
  .map(([flags, modules]) => makeCourse({ ...nodeFields(flags), modules }));

const pathwayArb: fc.Arbitrary<PathwayProgress> = fc
  .tuple(nodeFlagsArb, recordArb(courseSlug, courseArb), recordArb(moduleSlug, moduleArb))
  .map(([flags, courses, modules]) => makePathway({ ...nodeFields(flags), courses, modules }));

/** Fact states as a portal may hold them, legacy flags on unknown content included. */
export const factStateArb: fc.Arbitrary<ProgressState> = fc
  .tuple(recordArb(pathwaySlug, pathwayArb), recordArb(courseSlug, courseArb))
  .map(([pathways, courses]) => ({ pathways, courses }));

/** Derived states, reached either from stored facts or from events. */
export const derivedStateArb: fc.Arbitrary<ProgressState> = fc.oneof(
  factStateArb.map((state) => deriveState(state, lawCatalog)),
  measuredEventsArb.map((events) => applyAll(events, lawCatalog)),
);

export const RUNS = { numRuns: 200 };

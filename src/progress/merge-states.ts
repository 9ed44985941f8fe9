/**
 * The join of two fact states. Every field merges with an operation that is commutative, associative and idempotent
 * (OR, earliest instant, minimum enrolment pair, union by key, maximum), so states from any number of writers, applied
 * in any order and any number of times, converge on the same result.
 */
import { compareInstants, earliestInstant } from './instant.js';
import { emptyCourse, emptyModule, emptyPathway, makeCourse, makeModule, makePathway } from './progress-nodes.js';
import { compareStrings, emptyRecord, lookup } from './slug-record.js';
import type {
  CourseProgress,
  EnrollmentFacts,
  ModuleProgress,
  PathwayProgress,
  ProgressState,
  SlugRecord,
} from './types.js';

type EnrollmentPair = Pick<EnrollmentFacts, 'enrolled_at' | 'enrollment_source'>;

/**
 * Merges two states: flags OR, `*_at` earliest, `(enrolled_at, enrollment_source)` taken together from the smaller
 * pair, module scores and times the larger, records united by key. Neither input is modified and the result shares no objects with them.
 */
export function mergeStates(a: ProgressState, b: ProgressState): ProgressState {
  return {
    pathways: mergeRecords(a.pathways, b.pathways, mergePathways, emptyPathway),
    courses: mergeRecords(a.courses, b.courses, mergeCourses, emptyCourse),
    modules: mergeRecords(a.modules, b.modules, mergeModules, emptyModule),
  };
}

/**
 * Merges two module nodes. `score` and `time_spent_seconds` keep the larger value. Not a sum: summing is not
 * idempotent, so importing the same LMS export twice (or replaying an event) would double the time; the maximum makes
 * a re-run change nothing and still grows when the LMS reports more.
 */
export function mergeModules(a: ModuleProgress, b: ModuleProgress): ModuleProgress {
  return makeModule({
    started: a.started || b.started,
    started_at: earliestInstant(a.started_at, b.started_at),
    completed: a.completed || b.completed,
    completed_at: earliestInstant(a.completed_at, b.completed_at),
    score: largest(a.score, b.score),
    time_spent_seconds: largest(a.time_spent_seconds, b.time_spent_seconds),
  });
}

/** Merges two course nodes, modules united by key. */
export function mergeCourses(a: CourseProgress, b: CourseProgress): CourseProgress {
  return makeCourse({
    ...mergeEnrollment(a, b),
    started: a.started || b.started,
    started_at: earliestInstant(a.started_at, b.started_at),
    completed: a.completed || b.completed,
    completed_at: earliestInstant(a.completed_at, b.completed_at),
    modules: mergeRecords(a.modules, b.modules, mergeModules, emptyModule),
  });
}

/** Merges two pathway nodes, courses and modules united by key. */
export function mergePathways(a: PathwayProgress, b: PathwayProgress): PathwayProgress {
  return makePathway({
    ...mergeEnrollment(a, b),
    started: a.started || b.started,
    started_at: earliestInstant(a.started_at, b.started_at),
    completed: a.completed || b.completed,
    completed_at: earliestInstant(a.completed_at, b.completed_at),
    courses: mergeRecords(a.courses, b.courses, mergeCourses, emptyCourse),
    modules: mergeRecords(a.modules, b.modules, mergeModules, emptyModule),
  });
}

/**
 * `enrolled` is an OR; time and source travel as one pair so that the source always belongs to the first enrolment,
 * whichever order the enrolments arrive in.
 */
function mergeEnrollment(a: EnrollmentFacts, b: EnrollmentFacts): EnrollmentFacts {
  const first = compareEnrollmentPairs(a, b) <= 0 ? a : b;
  return { enrolled: a.enrolled || b.enrolled, enrolled_at: first.enrolled_at, enrollment_source: first.enrollment_source };
}

/** Orders pairs by enrolled_at (missing last), then a defined source before a missing one, then source text. */
function compareEnrollmentPairs(a: EnrollmentPair, b: EnrollmentPair): number {
  const byTime = compareOptionalInstants(a.enrolled_at, b.enrolled_at);
  if (byTime !== 0) return byTime;
  if (a.enrollment_source === undefined) return b.enrollment_source === undefined ? 0 : 1;
  if (b.enrollment_source === undefined) return -1;
  return compareStrings(a.enrollment_source, b.enrollment_source);
}

/** The larger of two optional numbers; undefined is the identity. */
function largest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function compareOptionalInstants(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return compareInstants(a, b);
}

/** Unites two records; a key held by one side only is merged with an empty node, which copies it. */
function mergeRecords<T>(
  a: SlugRecord<T>,
  b: SlugRecord<T>,
  merge: (x: T, y: T) => T,
  empty: () => T,
): SlugRecord<T> {
  const result = emptyRecord<T>();
  const slugs = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  for (const slug of slugs) {
    result[slug] = merge(lookup(a, slug) ?? empty(), lookup(b, slug) ?? empty());
  }
  return result;
}

/**
 * Derived values: a course's or pathway's `started` and `completed` (with their times) are recomputed from the
 * module facts and the catalog on every write, never merged. A derived value therefore depends on the facts alone,
 * whatever order they arrived in.
 *
 * Content the catalog does not know cannot be derived; its stored flags act as facts (ORed with what its children
 * show), so legacy completions of retired courses are kept.
 */
import { earliestInstant, latestInstant } from './instant.js';
import { makeCourse, makeModule, makePathway } from './progress-nodes.js';
import { lookup, mapRecord, recordValues } from './slug-record.js';
import type { Catalog, CourseProgress, DerivedState, Instant, ModuleProgress, PathwayProgress, ProgressState, SlugRecord } from './types.js';

type CatalogCourse = Catalog['courses'] extends ReadonlyMap<string, infer T> ? T : never;
type CatalogPathway = Catalog['pathways'] extends ReadonlyMap<string, infer T> ? T : never;

interface Milestone {
  readonly reached: boolean;
  readonly at?: Instant;
}

const NOT_REACHED: Milestone = { reached: false };

/** Recomputes every course's and pathway's `started`/`completed` from module facts and the catalog. */
export function deriveState(state: ProgressState, catalog: Catalog): DerivedState {
  const result: ProgressState = {
    pathways: mapRecord(state.pathways, (pathway, slug) => derivePathway(pathway, catalog.pathways.get(slug), catalog)),
    courses: mapRecord(state.courses, (course, slug) => deriveCourse(course, catalog.courses.get(slug))),
    modules: mapRecord(state.modules, makeModule),
  };
  // The brand exists only in the type system: this is the one place that vouches for it.
  return result as DerivedState;
}

/** A course node with `started` and `completed` recomputed; `entry` is its catalog entry, if any. */
export function deriveCourse(course: CourseProgress, entry: CatalogCourse | undefined): CourseProgress {
  const modules = mapRecord(course.modules, makeModule);
  const activity = anyStarted(recordValues(modules).map(moduleStart));
  const started = entry ? activity : orMilestones(stored(course.started, course.started_at), activity);
  const completed = entry ? allCompleted(entry.modules, modules, moduleCompletion) : stored(course.completed, course.completed_at);
  return makeCourse({
    enrolled: course.enrolled,
    enrolled_at: course.enrolled_at,
    enrollment_source: course.enrollment_source,
    started: started.reached,
    started_at: started.at,
    completed: completed.reached,
    completed_at: completed.at,
    modules,
  });
}

function derivePathway(pathway: PathwayProgress, entry: CatalogPathway | undefined, catalog: Catalog): PathwayProgress {
  const courses = mapRecord(pathway.courses, (course, slug) => deriveCourse(course, catalog.courses.get(slug)));
  const modules = mapRecord(pathway.modules, makeModule);
  const activity = anyStarted([
    ...recordValues(courses).map((course) => stored(course.started, course.started_at)),
    ...recordValues(modules).map(moduleStart),
  ]);
  const started = entry ? activity : orMilestones(stored(pathway.started, pathway.started_at), activity);
  const completed = entry ? pathwayCompletion(entry, courses, modules) : stored(pathway.completed, pathway.completed_at);
  return makePathway({
    enrolled: pathway.enrolled,
    enrolled_at: pathway.enrolled_at,
    enrollment_source: pathway.enrollment_source,
    started: started.reached,
    started_at: started.at,
    completed: completed.reached,
    completed_at: completed.at,
    courses,
    modules,
  });
}

/** A pathway the catalog lists courses for is hierarchical; one with modules only is flat; one with neither never completes. */
function pathwayCompletion(
  entry: CatalogPathway,
  courses: SlugRecord<CourseProgress>,
  modules: SlugRecord<ModuleProgress>,
): Milestone {
  if (entry.courses.length > 0) {
    return allCompleted(entry.courses, courses, (course) => stored(course.completed, course.completed_at));
  }
  return allCompleted(entry.modules, modules, moduleCompletion);
}

/** Reached when every listed child is completed, at the latest of their completion times. */
function allCompleted<T>(slugs: readonly string[], children: SlugRecord<T>, completion: (child: T) => Milestone): Milestone {
  // An empty list would be vacuously complete; content with nothing in it cannot be finished.
  if (slugs.length === 0) return NOT_REACHED;
  let at: Instant | undefined;
  for (const slug of slugs) {
    const child = lookup(children, slug);
    const done = child === undefined ? NOT_REACHED : completion(child);
    if (!done.reached) return NOT_REACHED;
    at = latestInstant(at, done.at);
  }
  return { reached: true, at };
}

/** Reached when any child is started, at the earliest start. */
function anyStarted(starts: readonly Milestone[]): Milestone {
  return starts.reduce(orMilestones, NOT_REACHED);
}

function orMilestones(a: Milestone, b: Milestone): Milestone {
  if (!a.reached) return b.reached ? b : NOT_REACHED;
  if (!b.reached) return a;
  return { reached: true, at: earliestInstant(a.at, b.at) };
}

/** A completed module counts as started even when legacy data lost its start. */
function moduleStart(module: ModuleProgress): Milestone {
  if (!module.started && !module.completed) return NOT_REACHED;
  const startedAt = module.started ? module.started_at : undefined;
  const completedAt = module.completed ? module.completed_at : undefined;
  return { reached: true, at: earliestInstant(startedAt, completedAt) };
}

function moduleCompletion(module: ModuleProgress): Milestone {
  return stored(module.completed, module.completed_at);
}

/** A stored flag and its time; a time without its flag is ignored. */
function stored(flag: boolean, at: Instant | undefined): Milestone {
  return flag ? { reached: true, at } : NOT_REACHED;
}

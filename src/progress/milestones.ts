/**
 * The milestone properties written beside the state (summary, enrolled and completed courses, total progress, last
 * activity), all computed from the derived state so that they can never disagree with it.
 */
import { latestInstant } from './instant.js';
import { courseTally, formatTally, pathwayTally } from './progress-tally.js';
import { compareStrings, mapEntries, recordValues } from './slug-record.js';
import type { Catalog, CourseProgress, DerivedState, Instant, ModuleProgress, PathwayProgress, ProgressState } from './types.js';

export interface Milestones {
  /** `p1: 1/2 courses; flat: 0/3 modules; c9: 2/2 modules`, "In progress" or "No progress yet". */
  summary: string;
  /** Sorted unique slugs of courses enrolled, started or completed, standalone or in a pathway. */
  enrolledCourses: string[];
  /** Sorted unique slugs of completed courses. */
  completedCourses: string[];
  /** Completed modules, each counted once per course (or flat pathway) and module slug. */
  totalProgress: number;
  /** The latest `*_at` anywhere in the state. */
  latestActivity?: Instant;
}

export const NO_PROGRESS_SUMMARY = 'No progress yet';
export const ENROLLED_ONLY_SUMMARY = 'In progress';

interface CourseEntry {
  readonly slug: string;
  readonly course: CourseProgress;
}

/** The milestone values of a derived state. */
export function deriveMilestones(derived: DerivedState, catalog: Catalog): Milestones {
  const courses = allCourses(derived);
  const milestones: Milestones = {
    summary: summarize(derived, catalog),
    enrolledCourses: uniqueSorted(courses.filter(({ course }) => course.enrolled || course.started || course.completed)),
    completedCourses: uniqueSorted(courses.filter(({ course }) => course.completed)),
    totalProgress: countCompletedModules(derived),
  };
  const latest = latestActivity(derived);
  if (latest !== undefined) milestones.latestActivity = latest;
  return milestones;
}

/** One `slug: d/t unit` part per pathway (by slug), then per standalone course (by slug). */
function summarize(state: ProgressState, catalog: Catalog): string {
  const empty = [state.pathways, state.courses, state.modules].every((record) => Object.keys(record).length === 0);
  if (empty) return NO_PROGRESS_SUMMARY;
  if (!allModules(state).some((module) => module.started || module.completed)) return ENROLLED_ONLY_SUMMARY;
  const parts = [
    ...mapEntries(state.pathways, (pathway, slug) => `${slug}: ${formatTally(pathwayTally(slug, pathway, catalog))}`),
    ...mapEntries(state.courses, (course, slug) => `${slug}: ${formatTally(courseTally(slug, course, catalog))}`),
  ];
  // Standalone modules have no container to tally: a learner with only those is "In progress".
  return parts.length === 0 ? ENROLLED_ONLY_SUMMARY : parts.join('; ');
}

function countCompletedModules(state: ProgressState): number {
  const keys = new Set<string>();
  const add = (container: string, modules: CourseProgress['modules']): void => {
    for (const [slug, module] of Object.entries(modules)) if (module.completed) keys.add(`${container}/${slug}`);
  };
  for (const { slug, course } of allCourses(state)) add(slug, course.modules);
  // Modules held directly by a pathway (flat, or legacy data holding both) count under the pathway's slug.
  for (const [slug, pathway] of Object.entries(state.pathways)) add(slug, pathway.modules);
  // Standalone modules count under a key no course or pathway slug can take (slugs have no `/`).
  add('/', state.modules);
  return keys.size;
}

function latestActivity(state: ProgressState): Instant | undefined {
  const enrollable: (CourseProgress | PathwayProgress)[] = [
    ...recordValues(state.pathways),
    ...allCourses(state).map(({ course }) => course),
  ];
  const times = [
    ...enrollable.flatMap((node) => [node.enrolled_at, node.started_at, node.completed_at]),
    ...allModules(state).flatMap((module) => [module.started_at, module.completed_at]),
  ];
  return times.reduce<Instant | undefined>(latestInstant, undefined);
}

function allCourses(state: ProgressState): CourseEntry[] {
  return [
    ...mapEntries(state.courses, (course, slug) => ({ slug, course })),
    ...recordValues(state.pathways).flatMap((pathway) => mapEntries(pathway.courses, (course, slug) => ({ slug, course }))),
  ];
}

function allModules(state: ProgressState): ModuleProgress[] {
  return [
    ...allCourses(state).flatMap(({ course }) => recordValues(course.modules)),
    ...recordValues(state.pathways).flatMap((pathway) => recordValues(pathway.modules)),
    ...recordValues(state.modules),
  ];
}

function uniqueSorted(entries: readonly CourseEntry[]): string[] {
  return [...new Set(entries.map(({ slug }) => slug))].sort(compareStrings);
}

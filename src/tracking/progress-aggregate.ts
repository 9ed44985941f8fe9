/**
 * One course's or pathway's progress as counts, for a progress bar: modules started and completed out of the
 * catalog's modules, and the enrolment. Pure: derived state and catalog in, numbers out.
 */
import { mergeCourses } from '../progress/merge-states.js';
import { emptyCourse, emptyState } from '../progress/progress-nodes.js';
import { lookup, recordValues } from '../progress/slug-record.js';
import type { Catalog, CourseProgress, EnrollmentFacts, Instant, ModuleProgress, ProgressState, SlugRecord } from '../progress/types.js';

export type AggregateType = 'pathway' | 'course';

export interface ProgressAggregate {
  /** Modules started (a completed module counts as started). */
  started: number;
  completed: number;
  /** Modules the catalog lists; for content the catalog does not know, the modules the learner has touched. */
  total: number;
  enrolled: boolean;
  enrolled_at: Instant | null;
}

/** Nothing started, nothing enrolled, the catalog's total: what an anonymous visitor's progress bar shows. */
export function emptyAggregate(catalog: Catalog, type: AggregateType, slug: string): ProgressAggregate {
  return aggregateProgress(emptyState(), catalog, type, slug);
}

/**
 * Counts for `slug`. A course is counted over every place the learner holds it (standalone and in any pathway),
 * merged, so a module done inside a pathway shows on the course's own page. A pathway counts the modules of its
 * catalog courses (each course's modules once) or, for a flat pathway, its own modules.
 *
 * @example aggregateProgress(state, catalog, 'course', 'crm-essentials') // { started: 2, completed: 1, total: 3, … }
 */
export function aggregateProgress(state: ProgressState, catalog: Catalog, type: AggregateType, slug: string): ProgressAggregate {
  return type === 'course' ? courseAggregate(state, catalog, slug) : pathwayAggregate(state, catalog, slug);
}

function courseAggregate(state: ProgressState, catalog: Catalog, slug: string): ProgressAggregate {
  const held = [lookup(state.courses, slug), ...recordValues(state.pathways).map((p) => lookup(p.courses, slug))];
  const course = held.reduce<CourseProgress>((acc, node) => (node === undefined ? acc : mergeCourses(acc, node)), emptyCourse());
  return { ...countModules(course.modules, catalog.courses.get(slug)?.modules), ...enrollmentOf(course) };
}

function pathwayAggregate(state: ProgressState, catalog: Catalog, slug: string): ProgressAggregate {
  const pathway = lookup(state.pathways, slug);
  const entry = catalog.pathways.get(slug);
  const enrollment = enrollmentOf(pathway);
  if (entry !== undefined && entry.courses.length === 0) return { ...countModules(pathway?.modules, entry.modules), ...enrollment };
  const courseSlugs = entry?.courses ?? (pathway === undefined ? [] : Object.keys(pathway.courses));
  const tally = { started: 0, completed: 0, total: 0 };
  for (const courseSlug of courseSlugs) {
    const course = pathway === undefined ? undefined : lookup(pathway.courses, courseSlug);
    const counts = countModules(course?.modules, catalog.courses.get(courseSlug)?.modules);
    tally.started += counts.started;
    tally.completed += counts.completed;
    tally.total += counts.total;
  }
  // A pathway the catalog does not know may hold modules directly too (legacy flat data).
  if (entry === undefined && pathway !== undefined) {
    const flat = countModules(pathway.modules, undefined);
    tally.started += flat.started;
    tally.completed += flat.completed;
    tally.total += flat.total;
  }
  return { ...tally, ...enrollment };
}

/** Counts over the catalog's module list when known, else over the modules held. */
function countModules(
  modules: SlugRecord<ModuleProgress> | undefined,
  catalogModules: readonly string[] | undefined,
): Pick<ProgressAggregate, 'started' | 'completed' | 'total'> {
  const slugs = catalogModules ?? (modules === undefined ? [] : Object.keys(modules));
  let started = 0;
  let completed = 0;
  for (const slug of slugs) {
    const module = modules === undefined ? undefined : lookup(modules, slug);
    if (module?.started === true || module?.completed === true) started += 1;
    if (module?.completed === true) completed += 1;
  }
  return { started, completed, total: slugs.length };
}

function enrollmentOf(node: EnrollmentFacts | undefined): Pick<ProgressAggregate, 'enrolled' | 'enrolled_at'> {
  if (node === undefined || !node.enrolled) return { enrolled: false, enrolled_at: null };
  return { enrolled: true, enrolled_at: node.enrolled_at ?? null };
}

/**
 * The part of a state the catalog knows: what derived properties count, so that content nobody published (a slug
 * typed by hand, a retired course, a flood of random slugs from before content was checked) never shows in the
 * summary, the course lists or the totals. The stored state itself keeps everything: this view is for counting only.
 */
import { deriveState } from './derive-state.js';
import { emptyState, makeCourse, makePathway } from './progress-nodes.js';
import { emptyRecord, lookup, mapEntries } from './slug-record.js';
import type { Catalog, CourseProgress, DerivedState, ModuleProgress, ProgressState, SlugRecord } from './types.js';

/** The catalog content of a state, derived: what the summary, the course lists and the totals are computed from. */
export function countedState(state: ProgressState, catalog: Catalog): DerivedState {
  return deriveState(catalogContent(state, catalog), catalog);
}

/**
 * A state holding only catalog content, each node where the catalog places it: pathways the catalog knows with their
 * catalog courses (and, for a flat pathway, its catalog modules), standalone courses the catalog knows with their
 * catalog modules, and standalone modules the catalog knows. Pure; the result shares module nodes with the input.
 */
export function catalogContent(state: ProgressState, catalog: Catalog): ProgressState {
  const result = emptyState();
  mapEntries(state.pathways, (pathway, slug) => {
    const entry = catalog.pathways.get(slug);
    if (entry === undefined) return;
    const courses = emptyRecord<CourseProgress>();
    for (const courseSlug of entry.courses) {
      const course = lookup(pathway.courses, courseSlug);
      if (course !== undefined) courses[courseSlug] = knownCourse(course, courseSlug, catalog);
    }
    result.pathways[slug] = makePathway({ ...pathway, courses, modules: listed(pathway.modules, entry.modules) });
  });
  mapEntries(state.courses, (course, slug) => {
    if (catalog.courses.has(slug)) result.courses[slug] = knownCourse(course, slug, catalog);
  });
  mapEntries(state.modules, (module, slug) => {
    if (catalog.modules.has(slug)) result.modules[slug] = module;
  });
  return result;
}

function knownCourse(course: CourseProgress, slug: string, catalog: Catalog): CourseProgress {
  return makeCourse({ ...course, modules: listed(course.modules, catalog.courses.get(slug)?.modules ?? []) });
}

function listed(modules: SlugRecord<ModuleProgress>, slugs: readonly string[]): SlugRecord<ModuleProgress> {
  const result = emptyRecord<ModuleProgress>();
  for (const slug of slugs) {
    const module = lookup(modules, slug);
    if (module !== undefined) result[slug] = module;
  }
  return result;
}

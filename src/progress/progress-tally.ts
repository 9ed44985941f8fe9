/**
 * "d of t" counts of a course or pathway, shared by the summary and by completion claims so that both always tell the
 * learner the same numbers. The catalog gives `t` when it knows the content; otherwise the state's own children do.
 */
import { lookup, recordValues } from './slug-record.js';
import type { Catalog, CourseProgress, PathwayProgress, SlugRecord } from './types.js';

export interface Tally {
  readonly done: number;
  readonly total: number;
  readonly unit: 'courses' | 'modules';
}

/** Completed modules of a course node (possibly absent) out of the catalog's modules, or out of those it holds. */
export function courseTally(slug: string, course: CourseProgress | undefined, catalog: Catalog): Tally {
  const entry = catalog.courses.get(slug);
  return { ...countCompleted(course?.modules, entry?.modules), unit: 'modules' };
}

/** Completed courses (or modules, for a flat pathway) of a pathway node out of the catalog's, or out of those it holds. */
export function pathwayTally(slug: string, pathway: PathwayProgress | undefined, catalog: Catalog): Tally {
  const entry = catalog.pathways.get(slug);
  if (isFlatPathway(slug, pathway, catalog)) {
    return { ...countCompleted(pathway?.modules, entry?.modules), unit: 'modules' };
  }
  return { ...countCompleted(pathway?.courses, entry?.courses), unit: 'courses' };
}

/**
 * Whether a pathway holds modules directly: the catalog says so (modules and no courses), or, for a pathway the
 * catalog does not know, the state holds modules and no courses.
 */
export function isFlatPathway(slug: string, pathway: PathwayProgress | undefined, catalog: Catalog): boolean {
  const entry = catalog.pathways.get(slug);
  if (entry) return entry.courses.length === 0 && entry.modules.length > 0;
  if (pathway === undefined) return false;
  return Object.keys(pathway.modules).length > 0 && Object.keys(pathway.courses).length === 0;
}

/** `2/3 modules`. */
export function formatTally(tally: Tally): string {
  return `${tally.done}/${tally.total} ${tally.unit}`;
}

function countCompleted(
  children: SlugRecord<{ completed: boolean }> | undefined,
  catalogSlugs: readonly string[] | undefined,
): { done: number; total: number } {
  if (catalogSlugs !== undefined) {
    const slugs = [...new Set(catalogSlugs)];
    const done = slugs.filter((slug) => children !== undefined && lookup(children, slug)?.completed === true).length;
    return { done, total: slugs.length };
  }
  const held = children === undefined ? [] : recordValues(children);
  return { done: held.filter((child) => child.completed).length, total: held.length };
}

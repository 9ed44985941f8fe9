import type { Catalog, ProgressEvent } from '../progress/types.js';

/**
 * What in an event the catalog does not know, as `<field>: <problem>` lines; empty when the event names only catalog
 * content, placed where the catalog puts it. This is the gate that keeps unpublished content out of a learner's
 * state: with it, the state can only hold what the catalog lists, so no run of requests can fill it.
 *
 * - every slug must be in the catalog (a module: in a course, a pathway, or on its own);
 * - a course named with a module must list that module; a pathway named with a course must list that course;
 * - a pathway named with a module and no course must list the module, or hold a course that does.
 *
 * @example contentProblems({ name: 'learning_module_started', at, module: 'nope' }, catalog) // ['module_slug: "nope" is not in the catalog']
 */
export function contentProblems(event: ProgressEvent, catalog: Catalog): string[] {
  const problems: string[] = [];
  const known = (field: string, kind: 'course' | 'pathway' | 'module', slug: string): boolean => {
    const map = kind === 'course' ? catalog.courses : kind === 'pathway' ? catalog.pathways : catalog.modules;
    if (map.has(slug)) return true;
    problems.push(`${field}: ${kind} "${slug}" is not in the catalog`);
    return false;
  };
  const pathwayHoldsCourse = (pathway: string, course: string) => {
    if (!(catalog.pathways.get(pathway)?.courses.includes(course) ?? false)) {
      problems.push(`pathway_slug: pathway "${pathway}" does not hold course "${course}"`);
    }
  };
  switch (event.name) {
    case 'learning_pathway_enrolled':
    case 'learning_pathway_completed':
      known('pathway_slug', 'pathway', event.pathway);
      break;
    case 'learning_course_enrolled':
    case 'learning_course_completed': {
      const course = known('course_slug', 'course', event.course);
      const pathway = event.pathway === undefined || known('pathway_slug', 'pathway', event.pathway);
      if (course && pathway && event.pathway !== undefined) pathwayHoldsCourse(event.pathway, event.course);
      break;
    }
    case 'learning_module_started':
    case 'learning_module_completed': {
      const module = known('module_slug', 'module', event.module);
      const course = event.course === undefined || known('course_slug', 'course', event.course);
      const pathway = event.pathway === undefined || known('pathway_slug', 'pathway', event.pathway);
      if (!module || !course || !pathway) break;
      if (event.course !== undefined) {
        if (!(catalog.courses.get(event.course)?.modules.includes(event.module) ?? false)) {
          problems.push(`course_slug: course "${event.course}" does not hold module "${event.module}"`);
        }
        if (event.pathway !== undefined) pathwayHoldsCourse(event.pathway, event.course);
      } else if (event.pathway !== undefined && !pathwayHoldsModule(catalog, event.pathway, event.module)) {
        problems.push(`pathway_slug: pathway "${event.pathway}" does not hold module "${event.module}"`);
      }
      break;
    }
    case 'learning_page_viewed':
      known('payload.slug', event.contentType, event.slug);
      break;
  }
  return problems;
}

/** Whether a pathway lists a module directly (flat) or through one of its courses. */
export function pathwayHoldsModule(catalog: Catalog, pathway: string, module: string): boolean {
  const entry = catalog.pathways.get(pathway);
  if (entry === undefined) return false;
  return entry.modules.includes(module) || entry.courses.some((course) => catalog.courses.get(course)?.modules.includes(module) ?? false);
}

import { lookup, sortedKeys } from '../progress/slug-record.js';
import type { Catalog, ProgressState } from '../progress/types.js';
import { type ContentStatus, heldModule, moduleStatusOf } from './content-status.js';

export interface ModuleProgressView {
  module_slug: string;
  module_title: string;
  module_status: ContentStatus;
  has_required_tasks: true;
  /** No quiz or lab tasks are tracked here: always empty. */
  tasks: never[];
  attempts: never[];
  /** Certificates are for courses and pathways only. */
  module_cert_id: null;
  breadcrumbs: {
    parent_course_slug: string | null;
    parent_course_title: string | null;
    parent_pathway_slug: string | null;
    parent_pathway_title: string | null;
  };
}

/**
 * `/module/progress` for a module the catalog knows: its status (the best of every place the learner holds it) and
 * where it sits. The breadcrumbs name the course the learner holds the module in (first in catalog order; else the
 * first catalog course holding it) and the pathway they hold it in (else the first catalog pathway listing that
 * course); for a module only a flat pathway lists, that pathway; for a standalone module, nothing. Pure.
 */
export function moduleProgress(state: ProgressState, catalog: Catalog, slug: string): ModuleProgressView {
  const { course, pathway } = parents(state, catalog, slug);
  return {
    module_slug: slug,
    module_title: catalog.modules.get(slug)?.title ?? slug,
    module_status: moduleStatusOf(heldModule(state, slug)),
    has_required_tasks: true,
    tasks: [],
    attempts: [],
    module_cert_id: null,
    breadcrumbs: {
      parent_course_slug: course ?? null,
      parent_course_title: course === undefined ? null : (catalog.courses.get(course)?.title ?? course),
      parent_pathway_slug: pathway ?? null,
      parent_pathway_title: pathway === undefined ? null : (catalog.pathways.get(pathway)?.title ?? pathway),
    },
  };
}

function parents(state: ProgressState, catalog: Catalog, module: string): { course?: string; pathway?: string } {
  const holders = [...catalog.courses].filter(([, c]) => c.modules.includes(module)).map(([slug]) => slug);
  for (const course of holders) {
    for (const pathway of sortedKeys(state.pathways)) {
      if (lookup(lookup(state.pathways, pathway)?.courses ?? {}, course)?.modules[module] !== undefined) return { course, pathway };
    }
    if (lookup(lookup(state.courses, course)?.modules ?? {}, module) !== undefined) {
      return withPathway(course, catalog);
    }
  }
  const first = holders[0];
  if (first !== undefined) return withPathway(first, catalog);
  const flat = [...catalog.pathways].find(([, p]) => p.modules.includes(module));
  return flat === undefined ? {} : { pathway: flat[0] };
}

function withPathway(course: string, catalog: Catalog): { course: string; pathway?: string } {
  const pathway = [...catalog.pathways].find(([, p]) => p.courses.includes(course));
  return pathway === undefined ? { course } : { course, pathway: pathway[0] };
}

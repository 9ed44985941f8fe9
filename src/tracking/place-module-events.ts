/**
 * Where a module event that names no course goes. hh-learn's module pages opened from the catalog or "My Learning"
 * send `course_slug: null, pathway_slug: null`; the catalog knows which courses hold the module:
 *
 * 1. Every course holding the module that the learner is in (enrolled, started or completed: standalone, inside a
 *    pathway, or inside an enrolled pathway that lists the course), and every enrolled flat pathway listing it.
 * 2. None: the first course holding it, in catalog order, as a standalone course.
 * 3. No course or flat pathway holds it: a standalone module (`state.modules`), never dropped.
 *
 * An event naming a pathway but no course goes to the flat pathway when it lists the module, else to the first
 * course of that pathway holding it. Events naming a course are left as they are. Pure.
 */
import { lookup, sortedKeys } from '../progress/slug-record.js';
import type { Catalog, ProgressEvent, ProgressState } from '../progress/types.js';

type ModuleEvent = Extract<ProgressEvent, { name: 'learning_module_started' | 'learning_module_completed' }>;

interface Place {
  readonly course?: string;
  readonly pathway?: string;
}

/** The events with every module event placed; `state` is the learner's state the placement reads enrolments from. */
export function placeModuleEvents(state: ProgressState, events: readonly ProgressEvent[], catalog: Catalog): ProgressEvent[] {
  return events.flatMap((event) => {
    if (event.name !== 'learning_module_started' && event.name !== 'learning_module_completed') return [event];
    if (event.course !== undefined) return [event];
    return placesOf(state, event, catalog).map((place) => at(event, place));
  });
}

/** Whether an event needs the learner's state to be placed (it names neither a course nor a pathway). */
export function needsPlacement(event: ProgressEvent): boolean {
  return (event.name === 'learning_module_started' || event.name === 'learning_module_completed') && event.course === undefined && event.pathway === undefined;
}

function placesOf(state: ProgressState, event: ModuleEvent, catalog: Catalog): Place[] {
  const holders = [...catalog.courses].filter(([, course]) => course.modules.includes(event.module)).map(([slug]) => slug);
  if (event.pathway !== undefined) {
    const entry = catalog.pathways.get(event.pathway);
    if (entry === undefined || entry.modules.includes(event.module)) return [{ pathway: event.pathway }];
    const course = entry.courses.find((c) => holders.includes(c));
    return [course === undefined ? { pathway: event.pathway } : { course, pathway: event.pathway }];
  }
  const places = enrolledPlaces(state, event.module, holders, catalog);
  if (places.length > 0) return places;
  const first = holders[0];
  return [first === undefined ? {} : { course: first }];
}

function enrolledPlaces(state: ProgressState, module: string, holders: readonly string[], catalog: Catalog): Place[] {
  const places: Place[] = [];
  const keys = new Set<string>();
  const add = (place: Place) => {
    const key = `${place.pathway ?? ''}/${place.course ?? ''}`;
    if (keys.has(key)) return;
    keys.add(key);
    places.push(place);
  };
  for (const course of holders) {
    if (isIn(lookup(state.courses, course))) add({ course });
    for (const pathwaySlug of sortedKeys(state.pathways)) {
      const pathway = lookup(state.pathways, pathwaySlug);
      if (pathway === undefined) continue;
      const listed = catalog.pathways.get(pathwaySlug)?.courses.includes(course) ?? false;
      if (isIn(lookup(pathway.courses, course)) || (listed && isIn(pathway))) add({ course, pathway: pathwaySlug });
    }
  }
  for (const pathwaySlug of sortedKeys(state.pathways)) {
    const flat = catalog.pathways.get(pathwaySlug);
    if (flat !== undefined && flat.courses.length === 0 && flat.modules.includes(module) && isIn(lookup(state.pathways, pathwaySlug))) {
      add({ pathway: pathwaySlug });
    }
  }
  return places;
}

function isIn(node: { enrolled: boolean; started: boolean; completed: boolean } | undefined): boolean {
  return node !== undefined && (node.enrolled || node.started || node.completed);
}

function at(event: ModuleEvent, place: Place): ProgressEvent {
  const placed: ModuleEvent = { ...event };
  if (place.course !== undefined) placed.course = place.course;
  if (place.pathway !== undefined) placed.pathway = place.pathway;
  return placed;
}

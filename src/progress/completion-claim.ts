/**
 * Completion claims. `learning_course_completed` and `learning_pathway_completed` add no facts: completion is derived
 * from modules. A claim is accepted only when the state already shows it, so a client cannot mark content complete
 * that the learner has not worked through.
 */
import { courseTally, formatTally, pathwayTally, type Tally } from './progress-tally.js';
import { lookup, mapEntries } from './slug-record.js';
import type { Catalog, CourseProgress, DerivedState, ProgressEvent } from './types.js';

export type CompletionClaimResult = { ok: true } | { ok: false; message: string; details: string[] };

type CourseClaim = Extract<ProgressEvent, { name: 'learning_course_completed' }>;
type PathwayClaim = Extract<ProgressEvent, { name: 'learning_pathway_completed' }>;

const ACCEPTED: CompletionClaimResult = { ok: true };

/**
 * Whether the state supports a completion claim. Other events claim nothing and are always accepted.
 *
 * @example
 * checkCompletionClaim(state, { name: 'learning_course_completed', at, course: 'c1' }, catalog)
 * // { ok: false, message: 'Course "c1" is not complete: 0/2 modules completed', details: ['c1: 0/2 modules completed'] }
 */
export function checkCompletionClaim(state: DerivedState, event: ProgressEvent, catalog: Catalog): CompletionClaimResult {
  switch (event.name) {
    case 'learning_course_completed':
      return checkCourseClaim(state, event, catalog);
    case 'learning_pathway_completed':
      return checkPathwayClaim(state, event, catalog);
    default:
      return ACCEPTED;
  }
}

/** With a pathway the course must be complete inside it; without one, standalone or inside any pathway. */
function checkCourseClaim(state: DerivedState, event: CourseClaim, catalog: Catalog): CompletionClaimResult {
  if (!catalog.courses.has(event.course)) return rejected(`Course "${event.course}" is not in the catalog`, []);
  const candidates = courseCandidates(state, event);
  if (candidates.some((course) => course.completed)) return ACCEPTED;
  // Report the node closest to done: it is the one the learner is working through.
  const tally = candidates
    .map((course) => courseTally(event.course, course, catalog))
    .reduce((best, next) => (next.done > best.done ? next : best), courseTally(event.course, undefined, catalog));
  return rejected(`Course "${event.course}" is not complete: ${completedText(tally)}`, [
    `${event.course}: ${completedText(tally)}`,
  ]);
}

function checkPathwayClaim(state: DerivedState, event: PathwayClaim, catalog: Catalog): CompletionClaimResult {
  const entry = catalog.pathways.get(event.pathway);
  if (entry === undefined) return rejected(`Pathway "${event.pathway}" is not in the catalog`, []);
  const pathway = lookup(state.pathways, event.pathway);
  if (pathway?.completed === true) return ACCEPTED;
  const tally = pathwayTally(event.pathway, pathway, catalog);
  const message = `Pathway "${event.pathway}" is not complete: ${completedText(tally)}`;
  if (tally.unit === 'modules') return rejected(message, [`${event.pathway}: ${completedText(tally)}`]);
  // For a hierarchical pathway the details name each course still to finish.
  const details = entry.courses
    .filter((slug, index) => entry.courses.indexOf(slug) === index)
    .map((slug) => ({ slug, course: pathway === undefined ? undefined : lookup(pathway.courses, slug) }))
    .filter(({ course }) => course?.completed !== true)
    .map(({ slug, course }) => `${slug}: ${completedText(courseTally(slug, course, catalog))}`);
  return rejected(message, details);
}

function courseCandidates(state: DerivedState, event: CourseClaim): CourseProgress[] {
  const inPathway = (slug: string): CourseProgress | undefined => {
    const pathway = lookup(state.pathways, slug);
    return pathway === undefined ? undefined : lookup(pathway.courses, event.course);
  };
  const candidates =
    event.pathway !== undefined
      ? [inPathway(event.pathway)]
      : [lookup(state.courses, event.course), ...mapEntries(state.pathways, (_, slug) => inPathway(slug))];
  return candidates.filter((course) => course !== undefined);
}

function completedText(tally: Tally): string {
  return `${formatTally(tally)} completed`;
}

function rejected(message: string, details: string[]): CompletionClaimResult {
  return { ok: false, message, details };
}

/**
 * The facts an event adds, as a state of its own, so that applying an event is just a merge.
 *
 * Placement of module events:
 * 1. course and pathway → `pathways[p].courses[c].modules[m]`;
 * 2. pathway only → the flat pathway's `pathways[p].modules[m]`;
 * 3. course only → the standalone `courses[c].modules[m]`;
 * 4. neither → the standalone `modules[m]` (placement in the catalog's courses happens before, in the write plan).
 */
import { emptyCourse, emptyPathway, emptyState, makeCourse, makeModule, makePathway } from './progress-nodes.js';
import { emptyRecord } from './slug-record.js';
import type { CourseProgress, EnrollmentFacts, Instant, ModuleProgress, PathwayProgress, ProgressEvent, ProgressState } from './types.js';

/** Source recorded on a course or pathway enrolled because one of its modules was started or completed. */
export const MODULE_EVENT_SOURCE = 'module_event';
/** Source recorded on a pathway enrolled because a course was enrolled inside it. */
export const COURSE_ENROLLMENT_SOURCE = 'course_enrollment';

type ModuleEvent = Extract<ProgressEvent, { name: 'learning_module_started' | 'learning_module_completed' }>;

/**
 * The fact state of one event. Completion claims and page views add no facts: completion is derived from modules and
 * page views are recorded in other properties.
 */
export function factsOfEvent(event: ProgressEvent): ProgressState {
  switch (event.name) {
    case 'learning_module_started':
    case 'learning_module_completed':
      return moduleFacts(event);
    case 'learning_course_enrolled':
      return courseEnrollmentFacts(event.course, event.pathway, enrollment(event.at, event.source));
    case 'learning_pathway_enrolled':
      return pathwayFacts(event.pathway, pathwayNode(enrollment(event.at, event.source)));
    case 'learning_course_completed':
    case 'learning_pathway_completed':
    case 'learning_page_viewed':
      return emptyState();
  }
}

function moduleFacts(event: ModuleEvent): ProgressState {
  const completed = event.name === 'learning_module_completed';
  // Completing a module also starts it: a learner can finish a module whose start event was lost.
  const module = makeModule({
    started: true,
    started_at: event.at,
    completed,
    completed_at: completed ? event.at : undefined,
    score: event.score,
    time_spent_seconds: event.timeSpentSeconds,
  });
  const enrolled = enrollment(event.at, MODULE_EVENT_SOURCE);
  const { course, pathway } = event;
  if (course !== undefined) {
    const courseNode = courseNodeWith(enrolled, event.module, module);
    return pathway === undefined ? standaloneFacts(course, courseNode) : pathwayFacts(pathway, pathwayNode(enrolled, course, courseNode));
  }
  if (pathway !== undefined) {
    const node = pathwayNode(enrolled);
    node.modules[event.module] = module;
    return pathwayFacts(pathway, node);
  }
  const state = emptyState();
  state.modules[event.module] = module;
  return state;
}

function courseEnrollmentFacts(course: string, pathway: string | undefined, enrolled: EnrollmentFacts): ProgressState {
  const courseNode = makeCourse({ ...emptyCourse(), ...enrolled });
  if (pathway === undefined) return standaloneFacts(course, courseNode);
  return pathwayFacts(pathway, pathwayNode(enrollment(enrolled.enrolled_at, COURSE_ENROLLMENT_SOURCE), course, courseNode));
}

function enrollment(at: Instant | undefined, source: string | undefined): EnrollmentFacts {
  return { enrolled: true, enrolled_at: at, enrollment_source: source };
}

function courseNodeWith(enrolled: EnrollmentFacts, moduleSlug: string, module: ModuleProgress): CourseProgress {
  const node = makeCourse({ ...emptyCourse(), ...enrolled, modules: emptyRecord() });
  node.modules[moduleSlug] = module;
  return node;
}

function pathwayNode(enrolled: EnrollmentFacts, courseSlug?: string, course?: CourseProgress): PathwayProgress {
  const node = makePathway({ ...emptyPathway(), ...enrolled, courses: emptyRecord(), modules: emptyRecord() });
  if (courseSlug !== undefined && course !== undefined) node.courses[courseSlug] = course;
  return node;
}

function pathwayFacts(slug: string, node: PathwayProgress): ProgressState {
  const state = emptyState();
  state.pathways[slug] = node;
  return state;
}

function standaloneFacts(slug: string, node: CourseProgress): ProgressState {
  const state = emptyState();
  state.courses[slug] = node;
  return state;
}

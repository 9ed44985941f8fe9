/**
 * Constructors for state and its nodes. Optional fields are only set when defined, so two equal states are equal key
 * for key (deep equality, serialization) whatever path built them.
 */
import { emptyRecord } from './slug-record.js';
import type { CourseProgress, ModuleProgress, PathwayProgress, ProgressState } from './types.js';

/** The key under which the wire format keeps standalone courses; it can never be a pathway slug. */
export const STANDALONE_COURSES_KEY = 'courses';

/** The key under which the wire format keeps standalone modules; it can never be a pathway slug either. */
export const STANDALONE_MODULES_KEY = 'modules';

/** Top-level keys of the wire format that are not pathways. */
export const RESERVED_STATE_KEYS: readonly string[] = [STANDALONE_COURSES_KEY, STANDALONE_MODULES_KEY];

/** A state with no pathways, no standalone courses and no standalone modules. */
export function emptyState(): ProgressState {
  return { pathways: emptyRecord(), courses: emptyRecord(), modules: emptyRecord() };
}

/** A module nobody has started. */
export function emptyModule(): ModuleProgress {
  return { started: false, completed: false };
}

/** A course with no enrolment and no modules. */
export function emptyCourse(): CourseProgress {
  return { enrolled: false, started: false, completed: false, modules: emptyRecord() };
}

/** A pathway with no enrolment, courses or modules. */
export function emptyPathway(): PathwayProgress {
  return { enrolled: false, started: false, completed: false, courses: emptyRecord(), modules: emptyRecord() };
}

/** A module node holding exactly the given fields, undefined times and measures left out. */
export function makeModule(fields: ModuleProgress): ModuleProgress {
  const node: ModuleProgress = { started: fields.started, completed: fields.completed };
  if (fields.started_at !== undefined) node.started_at = fields.started_at;
  if (fields.completed_at !== undefined) node.completed_at = fields.completed_at;
  if (fields.score !== undefined) node.score = fields.score;
  if (fields.time_spent_seconds !== undefined) node.time_spent_seconds = fields.time_spent_seconds;
  return node;
}

/** A course node holding exactly the given fields, undefined optionals left out; `modules` is taken as given. */
export function makeCourse(fields: CourseProgress): CourseProgress {
  const node: CourseProgress = { enrolled: fields.enrolled, started: fields.started, completed: fields.completed, modules: fields.modules };
  if (fields.enrolled_at !== undefined) node.enrolled_at = fields.enrolled_at;
  if (fields.enrollment_source !== undefined) node.enrollment_source = fields.enrollment_source;
  if (fields.started_at !== undefined) node.started_at = fields.started_at;
  if (fields.completed_at !== undefined) node.completed_at = fields.completed_at;
  return node;
}

/** A pathway node holding exactly the given fields, undefined optionals left out; records are taken as given. */
export function makePathway(fields: PathwayProgress): PathwayProgress {
  const node: PathwayProgress = {
    enrolled: fields.enrolled,
    started: fields.started,
    completed: fields.completed,
    courses: fields.courses,
    modules: fields.modules,
  };
  if (fields.enrolled_at !== undefined) node.enrolled_at = fields.enrolled_at;
  if (fields.enrollment_source !== undefined) node.enrollment_source = fields.enrollment_source;
  if (fields.started_at !== undefined) node.started_at = fields.started_at;
  if (fields.completed_at !== undefined) node.completed_at = fields.completed_at;
  return node;
}

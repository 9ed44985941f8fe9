export { applyEvent } from './apply-event.js';
export { catalogContent, countedState } from './catalog-content.js';
export { checkCompletionClaim, type CompletionClaimResult } from './completion-claim.js';
export { deriveCourse, deriveState } from './derive-state.js';
export { COURSE_ENROLLMENT_SOURCE, MODULE_EVENT_SOURCE, factsOfEvent } from './event-facts.js';
export { MAX_EVENT_AGE_MS, MAX_FUTURE_SKEW_MS, resolveEventTime } from './event-time.js';
export { compareInstants, earliestInstant, latestInstant, parseIsoInstant, toInstant } from './instant.js';
export { deriveLearningMetrics, type LearningMetrics } from './learning-metrics.js';
export { mergeCourses, mergeModules, mergePathways, mergeStates } from './merge-states.js';
export { MAX_SCORE, MAX_TIME_SPENT_SECONDS } from './module-measures.js';
export { ENROLLED_ONLY_SUMMARY, NO_PROGRESS_SUMMARY, deriveMilestones, type Milestones } from './milestones.js';
export {
  RESERVED_STATE_KEYS,
  STANDALONE_COURSES_KEY,
  STANDALONE_MODULES_KEY,
  emptyCourse,
  emptyModule,
  emptyPathway,
  emptyState,
  makeCourse,
  makeModule,
  makePathway,
} from './progress-nodes.js';
export { courseTally, formatTally, isFlatPathway, pathwayTally, type Tally } from './progress-tally.js';
export { emptyRecord, lookup } from './slug-record.js';
export { GZIP_PREFIX, parseStoredState, serializeState, stateToJson } from './state-codec.js';
export type { JsonObject, JsonValue, StateForm } from './state-json.js';
export * from './types.js';

import type { ContactStore } from '../crm/contact-store.js';
import { parseStoredInstant, toDateOnly } from '../properties/instant-format.js';
import { PROPERTY_NAMES as P, READ_PROPERTIES } from '../properties/property-definitions.js';
import type { RequestIdentity } from '../identity.js';
import { deriveState } from '../progress/derive-state.js';
import { countedState } from '../progress/catalog-content.js';
import { deriveMilestones, NO_PROGRESS_SUMMARY } from '../progress/milestones.js';
import { recentState, WITH_STATE_HISTORY } from './recent-state.js';
import { stateToJson } from '../progress/state-json.js';
import type { Catalog } from '../progress/types.js';

export interface ProgressView {
  progress: Record<string, unknown>;
  updated_at: string | null;
  summary: string;
  enrolled_courses: string[];
  completed_courses: string[];
  total_progress: number;
  last_activity: string | null;
  last_viewed: { type: string | null; slug: string | null; at: string | null };
}

/**
 * Reads a learner's progress in one HubSpot call. The derived values are recomputed from the stored state with the
 * catalog, so a portal whose milestone properties were never written (an older integration) still reads right.
 * Undefined when the contact does not exist. Throws CorruptStateError when the stored state cannot be parsed.
 */
export async function readProgress(
  deps: { store: ContactStore; catalog: Catalog; now: Date },
  learner: RequestIdentity,
): Promise<ProgressView | undefined> {
  const contact = await deps.store.read(learner.identity, READ_PROPERTIES, WITH_STATE_HISTORY);
  if (contact === null) return undefined;
  const props = contact.properties;
  const state = deriveState(recentState(contact, deps.now), deps.catalog);
  const milestones = deriveMilestones(countedState(state, deps.catalog), deps.catalog);
  const storedActivity = parseStoredInstant(props[P.lastActivity]);
  const derivedActivity = parseStoredInstant(milestones.latestActivity);
  const lastActivity = [storedActivity, derivedActivity].filter((d) => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    progress: stateToJson(state),
    updated_at: props[P.updatedAt] ?? null,
    summary: milestones.summary,
    enrolled_courses: milestones.enrolledCourses,
    completed_courses: milestones.completedCourses,
    total_progress: milestones.totalProgress,
    last_activity: lastActivity === undefined ? null : toDateOnly(lastActivity),
    last_viewed: {
      type: props[P.lastViewedType] ?? null,
      slug: props[P.lastViewedSlug] ?? null,
      at: props[P.lastViewedAt] ?? null,
    },
  };
}

/** What a learner with nothing recorded yet reads: no progress, and the derived values of an empty state. */
export function unrecordedProgress(): ProgressView {
  return {
    progress: {},
    updated_at: null,
    summary: NO_PROGRESS_SUMMARY,
    enrolled_courses: [],
    completed_courses: [],
    total_progress: 0,
    last_activity: null,
    last_viewed: { type: null, slug: null, at: null },
  };
}

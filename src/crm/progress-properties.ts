import { deriveMilestones } from '../progress/milestones.js';
import { serializeState } from '../progress/state-codec.js';
import type { Catalog, ProgressEvent, ProgressState } from '../progress/types.js';
import type { PropertyValues, StoredContact } from './contact-store.js';
import { formatInstant, parseStoredInstant } from './format-value.js';
import type { PortalPropertyTypes } from './portal-property-types.js';
import { PROPERTY_NAMES as P } from './properties.js';

export interface ProgressPropertiesInput {
  state: ProgressState;
  /** The events this write carries (one on the direct path, several from a queue batch, none for a repair). */
  events: readonly ProgressEvent[];
  catalog: Catalog;
  /** Time of this write (`hhl_progress_updated_at`). */
  now: Date;
  /** The contact's current values, when it exists: keeps `last_activity` and `last_viewed_*` from going back in time. */
  previous?: StoredContact['properties'];
  types: PortalPropertyTypes;
}

/**
 * The seven progress properties (plus `hhl_last_viewed_*` for a page view), every value derived from the state
 * and formatted for the property's type in the portal.
 */
export function buildProgressProperties(input: ProgressPropertiesInput): PropertyValues {
  const { state, events, catalog, now, previous, types } = input;
  const milestones = deriveMilestones(state, catalog);
  const lastActivity = latest([milestones.latestActivity, ...events.map((e) => e.at), previous?.[P.lastActivity]]);
  const values: PropertyValues = {
    [P.state]: serializeState(state),
    [P.updatedAt]: formatInstant(now, types.typeOf(P.updatedAt)),
    [P.summary]: milestones.summary,
    [P.enrolledCourses]: milestones.enrolledCourses.join(';'),
    [P.completedCourses]: milestones.completedCourses.join(';'),
    [P.totalProgress]: String(milestones.totalProgress),
    [P.lastActivity]: formatInstant(lastActivity ?? now, types.typeOf(P.lastActivity)),
  };
  const view = latestPageView(events);
  if (view !== undefined) {
    const lastViewed = parseStoredInstant(previous?.[P.lastViewedAt]);
    // A late-arriving older page view must not replace a newer one: the latest view wins, whatever the order.
    if (lastViewed === undefined || lastViewed.getTime() <= Date.parse(view.at)) {
      values[P.lastViewedType] = view.contentType;
      values[P.lastViewedSlug] = view.slug;
      values[P.lastViewedAt] = formatInstant(view.at, types.typeOf(P.lastViewedAt));
    }
  }
  return values;
}

type PageView = Extract<ProgressEvent, { name: 'learning_page_viewed' }>;

function latestPageView(events: readonly ProgressEvent[]): PageView | undefined {
  let best: PageView | undefined;
  for (const e of events) {
    if (e.name !== 'learning_page_viewed') continue;
    // Ties broken by slug so the choice does not depend on the order a batch arrives in.
    if (best === undefined || e.at > best.at || (e.at === best.at && e.slug > best.slug)) best = e;
  }
  return best;
}

/** True when writing `values` would change nothing but `hhl_progress_updated_at`: the write can be skipped. */
export function changesNothing(values: PropertyValues, previous: StoredContact['properties']): boolean {
  return Object.entries(values).every(([name, value]) => name === P.updatedAt || (previous[name] ?? '') === value);
}

function latest(values: readonly (string | null | undefined)[]): Date | undefined {
  let best: Date | undefined;
  for (const v of values) {
    const d = parseStoredInstant(v);
    if (d !== undefined && (best === undefined || d > best)) best = d;
  }
  return best;
}

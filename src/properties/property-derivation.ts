import type { LearningMetrics } from '../progress/learning-metrics.js';
import type { Milestones } from '../progress/milestones.js';
import type { Instant, ProgressEvent, ProgressState } from '../progress/types.js';
import type { StoredContact } from '../crm/contact-store.js';
import { parseStoredInstant } from './instant-format.js';
import type { PropertyType } from './property-definitions.js';

/**
 * What a property's `derive` reads to compute its value for one write: the engine's results for the learner's state,
 * computed once per write, and what the write is about. The helpers below are shared by several definitions.
 */
export interface DeriveInput {
  /** The learner's state, derived against the catalog. */
  readonly state: ProgressState;
  readonly milestones: Milestones;
  readonly metrics: LearningMetrics;
  /** The events this write carries: one on the direct path, several from a queue batch or an import, none for a backfill. */
  readonly events: readonly ProgressEvent[];
  /** Time of this write. */
  readonly now: Date;
  /** The contact's current values, when it exists. */
  readonly previous?: StoredContact['properties'];
  /** The property's type in this portal (a `datetime` may be a `date` in portals provisioned long ago). */
  readonly typeOf: (name: string) => PropertyType | undefined;
}

type PageView = Extract<ProgressEvent, { name: 'learning_page_viewed' }>;

/**
 * The latest page view this write carries, unless the contact already holds a later one (`previousViewedAt`): a
 * late-arriving older beacon must not replace a newer view, whatever the order. Ties go to the larger slug, so the
 * choice does not depend on the order a batch arrives in.
 */
export function newerPageView(input: DeriveInput, previousViewedAt: string | null | undefined): PageView | undefined {
  let best: PageView | undefined;
  for (const e of input.events) {
    if (e.name !== 'learning_page_viewed') continue;
    if (best === undefined || e.at > best.at || (e.at === best.at && e.slug > best.slug)) best = e;
  }
  if (best === undefined) return undefined;
  const lastViewed = parseStoredInstant(previousViewedAt);
  return lastViewed === undefined || lastViewed.getTime() <= Date.parse(best.at) ? best : undefined;
}

/** The latest of the state's activity, the events' times and the stored value: last activity never goes back. */
export function latestActivity(input: DeriveInput, previousValue: string | null | undefined): Date {
  const candidates: (Instant | string | null | undefined)[] = [input.milestones.latestActivity, ...input.events.map((e) => e.at), previousValue];
  let best: Date | undefined;
  for (const value of candidates) {
    const at = parseStoredInstant(value);
    if (at !== undefined && (best === undefined || at > best)) best = at;
  }
  return best ?? input.now;
}

/** A number as a HubSpot number property takes it; `""` (which clears the property) when there is none. */
export function numberValue(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

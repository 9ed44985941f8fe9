import type { Instant, ProgressEvent } from '../progress/types.js';
import { parseStoredInstant } from './instant-format.js';
import type { DeriveInput } from './types.js';

/** Helpers several property definitions derive their values with. */

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

/** `text` cut to `max` characters (the last one an ellipsis) when longer: HubSpot refuses a longer text value. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

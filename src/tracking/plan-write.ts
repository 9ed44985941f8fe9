import type { StoredContact } from '../crm/contact-store.js';
import { deriveValues } from '../properties/derive-values.js';
import type { PropertyValues } from '../properties/types.js';
import { applyEvents } from '../progress/apply-event.js';
import { checkCompletionClaim } from '../progress/completion-claim.js';
import { parseStoredState } from '../progress/state-codec.js';
import type { Catalog, DerivedState, ProgressEvent } from '../progress/types.js';
import { needsPlacement, placeModuleEvents } from './place-module-events.js';
import { recentState } from './recent-state.js';

/** What one learner's events amount to, before the portal has a say. */
export interface WritePlan {
  /** The learner's state with the events applied, derived once. */
  readonly state: DerivedState;
  /** Every progress property's value, formatted for its own type; the writer adapts them to the portal. */
  readonly values: PropertyValues;
  /** Completion claims the state does not support (they add no facts, so dropping them loses nothing). */
  readonly rejectedClaims: readonly { readonly event: ProgressEvent; readonly message: string; readonly details: readonly string[] }[];
}

export interface PlanInput {
  /** The learner's contact as read (with its state's recent versions); absent for a learner to create. */
  readonly contact?: StoredContact;
  readonly events: readonly ProgressEvent[];
  readonly catalog: Catalog;
  readonly now: Date;
}

/**
 * The one fold of the write path, used by the direct path, the queue consumer and the import alike:
 *
 * 1. Start from the stored state merged with its recent versions (`recentState`), or an empty one.
 * 2. Place module events that name no course in the catalog's courses (`placeModuleEvents`), reading the learner's
 *    enrolments from the stored state and the events that name their course. Then apply every event and derive once. Events apply in any order with the same result (the merge laws), so a batch
 *    needs no sorting; duplicates and replays change nothing.
 * 3. Check completion claims against the derived state.
 * 4. Derive every property value from it.
 *
 * Pure. Throws CorruptStateError when the stored state cannot be parsed (it is never overwritten) and
 * StateTooLargeError when the state no longer fits a property.
 * @example const plan = planWrite({ contact, events: [event], catalog, now: clock() });
 */
export function planWrite(input: PlanInput): WritePlan {
  const { contact, events, catalog, now } = input;
  const stored = contact === undefined ? parseStoredState(undefined) : recentState(contact, now);
  const enrolments = events.some(needsPlacement) ? applyEvents(stored, events.filter((e) => !needsPlacement(e)), catalog) : stored;
  const placed = placeModuleEvents(enrolments, events, catalog);
  const state = applyEvents(stored, placed, catalog);
  const rejectedClaims: WritePlan['rejectedClaims'][number][] = [];
  for (const event of events) {
    const claim = checkCompletionClaim(state, event, catalog);
    if (!claim.ok) rejectedClaims.push({ event, message: claim.message, details: claim.details });
  }
  const values = deriveValues({ state, events, catalog, now, ...(contact === undefined ? {} : { previous: contact.properties }) });
  return { state, values, rejectedClaims };
}

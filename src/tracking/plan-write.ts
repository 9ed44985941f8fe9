import { type StoredContact } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { buildProgressProperties, changesNothing } from '../properties/derive-values.js';
import type { PropertyValues } from '../crm/contact-store.js';
import { applyEvent } from '../progress/apply-event.js';
import { checkCompletionClaim } from '../progress/completion-claim.js';
import { deriveState } from '../progress/derive-state.js';
import { parseStoredState } from '../progress/state-codec.js';
import type { Catalog, ProgressEvent } from '../progress/types.js';
import { recentState } from './recent-state.js';

/** What one learner's messages in a batch amount to. */
export interface LearnerPlan {
  /** The values to write; undefined when the write would change nothing. */
  values?: PropertyValues;
  /** Completion claims the state does not support (they add no facts, so dropping them loses nothing). */
  rejectedClaims: { event: ProgressEvent; message: string }[];
}

/**
 * Folds one learner's events into their stored state (the current value merged with its recent versions) and
 * derives the values to write. Events are applied in any order with the same result (the merge laws), so a batch
 * needs no sorting; duplicates and replays change nothing. Pure.
 *
 * Throws CorruptStateError when the stored state cannot be parsed: those messages fail and, after the queue's
 * maxReceiveCount, rest in the dead-letter queue until the property is fixed and they are replayed.
 */
export function planLearner(input: {
  contact?: StoredContact;
  events: readonly ProgressEvent[];
  catalog: Catalog;
  now: Date;
  types: PortalPropertyTypes;
}): LearnerPlan {
  const { contact, events, catalog, now, types } = input;
  let state = contact === undefined ? parseStoredState(undefined) : recentState(contact, now);
  for (const event of events) state = applyEvent(state, event, catalog);
  state = deriveState(state, catalog);
  const rejectedClaims: LearnerPlan['rejectedClaims'] = [];
  for (const event of events) {
    if (event.name !== 'learning_course_completed' && event.name !== 'learning_pathway_completed') continue;
    const claim = checkCompletionClaim(state, event, catalog);
    if (!claim.ok) rejectedClaims.push({ event, message: claim.message });
  }
  const values = buildProgressProperties({ state, events, catalog, now, previous: contact?.properties, types });
  if (contact !== undefined && changesNothing(values, contact.properties)) return { rejectedClaims };
  return { values, rejectedClaims };
}

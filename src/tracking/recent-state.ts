import type { StoredContact } from '../crm/contact-store.js';
import { PROPERTY_NAMES } from '../properties/property-definitions.js';
import { CorruptStateError } from '../errors.js';
import { mergeStates } from '../progress/merge-states.js';
import { parseStoredState } from '../progress/state-codec.js';
import type { ProgressState } from '../progress/types.js';

/** How far back earlier versions of the state are merged in. */
export const RECENT_HISTORY_MS = 10 * 60 * 1000;

/** Read options that bring the state's recent versions along (same call: `propertiesWithHistory`). */
export const WITH_STATE_HISTORY = { history: [PROPERTY_NAMES.state] } as const;

/**
 * The learner's state: the current value merged with the versions written in the last ten minutes.
 *
 * Why: HubSpot has no compare-and-set, so two events for one learner that race both read version N and the second
 * write replaces the first. The first write is still in the property's history; since facts only grow and merging is
 * a join (commutative, associative, idempotent), merging recent versions back in recovers it on the next read or
 * write at no extra HubSpot call. Only recent versions count, so a deliberate reset of the property by an operator
 * is not undone by older history after ten minutes.
 *
 * Throws CorruptStateError when the *current* value cannot be parsed (it is never overwritten); an unparseable older
 * version is skipped.
 */
export function recentState(contact: StoredContact, now: Date): ProgressState {
  const current = contact.properties[PROPERTY_NAMES.state];
  let state: ProgressState;
  try {
    state = parseStoredState(current);
  } catch (error) {
    if (error instanceof CorruptStateError) throw new CorruptStateError(`Contact ${contact.id}: ${error.message}`, { cause: error });
    throw error;
  }
  const versions = contact.history?.[PROPERTY_NAMES.state] ?? [];
  for (const version of versions) {
    if (version.value === current) continue;
    const at = Date.parse(version.timestamp);
    if (!Number.isFinite(at) || at < now.getTime() - RECENT_HISTORY_MS) continue;
    try {
      state = mergeStates(state, parseStoredState(version.value));
    } catch {
      // An older version that cannot be parsed adds nothing; the current value decides whether we may write.
    }
  }
  return state;
}

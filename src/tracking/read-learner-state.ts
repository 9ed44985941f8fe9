import type { ContactStore } from '../crm/contact-store.js';
import { PROPERTY_NAMES } from '../properties/property-definitions.js';
import type { RequestIdentity } from '../identity.js';
import { deriveState } from '../progress/derive-state.js';
import type { Catalog, ProgressState } from '../progress/types.js';
import { recentState, WITH_STATE_HISTORY } from './recent-state.js';

/** The one property the aggregate and enrolment reads need. */
const STATE_ONLY: readonly string[] = [PROPERTY_NAMES.state];

/**
 * A learner's derived state in one HubSpot call (the state property and its recent versions, merged as every other
 * read and write does). Undefined when the contact does not exist. Throws CorruptStateError when the stored state
 * cannot be parsed, and CrmError when the store fails.
 */
export async function readLearnerState(
  deps: { store: ContactStore; catalog: Catalog; now: Date },
  learner: RequestIdentity,
): Promise<ProgressState | undefined> {
  const contact = await deps.store.read(learner.identity, STATE_ONLY, WITH_STATE_HISTORY);
  if (contact === null) return undefined;
  return deriveState(recentState(contact, deps.now), deps.catalog);
}

/** {@link readLearnerState} with the contact's id (certificates are derived from it); the same one HubSpot call. */
export async function readLearnerRecord(
  deps: { store: ContactStore; catalog: Catalog; now: Date },
  learner: RequestIdentity,
): Promise<{ contactId: string; state: ProgressState } | undefined> {
  const contact = await deps.store.read(learner.identity, STATE_ONLY, WITH_STATE_HISTORY);
  if (contact === null) return undefined;
  return { contactId: contact.id, state: deriveState(recentState(contact, deps.now), deps.catalog) };
}

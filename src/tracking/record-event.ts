import type { ContactStore, Identity, PropertyValues, StoredContact } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { writeLearning } from '../crm/adaptive-writes.js';
import { buildProgressProperties, changesNothing } from '../properties/derive-values.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { CompletionClaimError, CorruptStateError, CrmError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { applyEvent } from '../progress/apply-event.js';
import { checkCompletionClaim } from '../progress/completion-claim.js';
import { parseStoredState } from '../progress/state-codec.js';
import { recentState, WITH_STATE_HISTORY } from './recent-state.js';
import type { Catalog, ProgressEvent, ProgressState } from '../progress/types.js';
import type { RequestIdentity } from '../identity.js';

export interface RecordEventDependencies {
  store: ContactStore;
  catalog: Catalog;
  clock: () => Date;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
  /** Whether an unknown email may create a contact (`AUTH_ALLOW_CONTACT_CREATE`); true when not said. */
  allowCreate?: boolean;
}

export type RecordOutcome =
  | { kind: 'persisted'; contactId: string; created: boolean; written: boolean }
  /** The contact does not exist and may not be created: only an unknown contact id was given, or creation is off. */
  | { kind: 'unknown-contact' };

/**
 * Merges one event into a learner's stored progress and writes every progress property in one update.
 *
 * 1. Read the contact (by id, or by email with `idProperty=email`; never search).
 * 2. Found: parse its state (a corrupt state throws and is never overwritten), apply the event, check a completion
 *    claim, and update — skipped when nothing but the timestamp would change.
 * 3. Not found: apply the event to an empty state and create the contact with every property in the create.
 *    HubSpot's 409 means it was created a moment ago: read it by id and merge into it (step 2).
 *
 * Two HubSpot calls for an existing or a new learner; four only when a create races another.
 * Throws {@link CompletionClaimError}, {@link CorruptStateError}, {@link CrmError} or a StateTooLargeError.
 */
export async function recordEvent(
  deps: RecordEventDependencies,
  learner: RequestIdentity,
  event: ProgressEvent,
): Promise<RecordOutcome> {
  const found = await deps.store.read(learner.identity, READ_PROPERTIES, WITH_STATE_HISTORY);
  if (found !== null) return mergeInto(deps, found, event);
  const email = learner.email;
  if (email === undefined || deps.allowCreate === false) return { kind: 'unknown-contact' };

  const state = nextState(parseStoredState(undefined), event, deps.catalog);
  const values = { ...buildValues(deps, state, event), lifecyclestage: 'lead' };
  deps.logger.info('[CRM] Contact not found, creating new contact', { identity: describe(learner.identity) });
  let created;
  try {
    created = await writeLearning(deps, values, (v) => deps.store.create(email, v));
  } catch (error) {
    deps.logger.error('[CRM] Failed to create contact', { error });
    throw error;
  }
  if (created.created) {
    deps.logger.info('[CRM] Created new learning contact', { contactId: created.id });
    return { kind: 'persisted', contactId: created.id, created: true, written: true };
  }
  deps.logger.info('[CRM] Contact created concurrently, merging into it', { contactId: created.id });
  const existing = await deps.store.read({ kind: 'id', contactId: created.id }, READ_PROPERTIES, WITH_STATE_HISTORY);
  if (existing === null) {
    throw new CrmError(`Contact ${created.id} reported as existing but not found`, { status: 404, retryable: true });
  }
  return mergeInto(deps, existing, event);
}

async function mergeInto(deps: RecordEventDependencies, contact: StoredContact, event: ProgressEvent): Promise<RecordOutcome> {
  const state = nextState(recentState(contact, deps.clock()), event, deps.catalog);
  const values = buildValues(deps, state, event, contact.properties);
  if (changesNothing(values, contact.properties)) {
    return { kind: 'persisted', contactId: contact.id, created: false, written: false };
  }
  await writeLearning(deps, values, (v) => deps.store.update(contact.id, v));
  return { kind: 'persisted', contactId: contact.id, created: false, written: true };
}

function nextState(state: ProgressState, event: ProgressEvent, catalog: Catalog): ProgressState {
  const next = applyEvent(state, event, catalog);
  if (event.name === 'learning_course_completed' || event.name === 'learning_pathway_completed') {
    const claim = checkCompletionClaim(next, event, catalog);
    if (!claim.ok) throw new CompletionClaimError(claim.message, claim.details);
  }
  return next;
}

function buildValues(
  deps: RecordEventDependencies,
  state: ProgressState,
  event: ProgressEvent,
  previous?: StoredContact['properties'],
): PropertyValues {
  return buildProgressProperties({ state, events: [event], catalog: deps.catalog, now: deps.clock(), previous, types: deps.propertyTypes });
}

function describe(identity: Identity): string {
  return identity.kind === 'id' ? `contact ${identity.contactId}` : 'email';
}

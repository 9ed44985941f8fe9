import type { ContactStore, StoredContact } from '../crm/contact-store.js';
import { createLearning, updateLearning } from '../crm/adaptive-writes.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { CompletionClaimError, CrmError } from '../errors.js';
import type { Identity, RequestIdentity } from '../identity.js';
import type { Logger } from '../observability/logger.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import type { Catalog, ProgressEvent } from '../progress/types.js';
import type { CrmAccess } from './crm-access.js';
import { delayUntil, type EventQueue, MAX_QUEUE_DELAY_SECONDS } from './event-queue.js';
import { describeCrmFailure } from './failure-reason.js';
import { planWrite } from './plan-write.js';
import { eventMessage, heldUntil, type QueueMessage, verifyMessage } from './queue-message.js';
import { WITH_STATE_HISTORY } from './recent-state.js';

export interface TrackDependencies {
  /** The contact store, or why there is none to call. */
  readonly crm: CrmAccess;
  readonly catalog: Catalog;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly propertyTypes: PortalPropertyTypes;
  /** The durable queue: every event in `queue` mode, and what the direct path cannot write now. */
  readonly queue?: EventQueue;
  readonly writeMode: 'direct' | 'queue';
  /** After a direct write, re-check the learner this many seconds later through the queue (0: never). */
  readonly verifyDelaySeconds: number;
  /** Whether an unknown email may create a contact in the request (`AUTH_ALLOW_CONTACT_CREATE` names `direct`). */
  readonly allowCreate: boolean;
  /**
   * Whether the queue consumer may create the contact of a queued event (`AUTH_ALLOW_CONTACT_CREATE` names `queue`);
   * `allowCreate` when not given.
   */
  readonly queuedCreate?: boolean;
}

/** HubSpot calls a direct write costs: the read, then the update or create. */
export const DIRECT_WRITE_CALLS = 2;

/** What became of one event. */
export type TrackOutcome =
  /** Written to the CRM in this request (`written: false` when it changed nothing). */
  | { kind: 'persisted'; contactId: string; created: boolean; written: boolean }
  /**
   * The queue took it; the consumer writes it: `queue` mode, a new learner left to the consumer, or (direct mode) an
   * event deferred because HubSpot's 10-second window is nearly spent or its day is.
   */
  | { kind: 'queued' }
  /**
   * Not written now: the queue took it (`queued`), or, when the queue could not be reached either, it was logged
   * whole for replay. `error` is what failed, for the caller's log.
   */
  | { kind: 'fallback'; queued: boolean; reason: string; cause: 'crm-unavailable' | 'crm-failed' | 'queue-unreachable'; error?: unknown }
  /** The contact does not exist and may not be created: only an unknown contact id was given, or creation is off. */
  | { kind: 'unknown-contact' };

/**
 * Records one learning event for a learner. The write policy, with no HTTP in it:
 *
 * 1. `queue` mode: hand the event to the queue (`queued`); if the queue cannot be reached, log it for replay.
 * 2. `direct` mode, when HubSpot's window has room for two calls above the reserve (`RateBudget`, from HubSpot's
 *    `X-HubSpot-RateLimit-Remaining` and its 429s): else the event goes to the queue (`queued`), whose consumer writes
 *    it within seconds in a batch, so a burst spends the window on batches instead of on 429s.
 *    Otherwise read the contact (one call, with its state's recent versions; never search), plan the write
 *    (`planWrite`), and write every progress property in one call — an update, skipped when nothing but the timestamp
 *    would change, or a create for a new email. HubSpot's 409 on the create means it was created a moment ago: read it
 *    by id and merge into it. Two HubSpot calls for an existing or a new learner; four only when a create races.
 * 3. Any CRM failure (429, 5xx, timeout, a stored state that cannot be parsed, one too large): `fallback`, the event
 *    on the queue, so nothing is lost and the learner's page never breaks.
 * 4. After a direct write, a delayed `verify` message asks the consumer to re-read the learner once a burst of
 *    concurrent events is over and repair what a race overwrote.
 *
 * @throws CompletionClaimError when a completion claim is not supported by the learner's state (the caller's mistake).
 */
export async function trackEvent(deps: TrackDependencies, learner: RequestIdentity, event: ProgressEvent): Promise<TrackOutcome> {
  const message = eventMessage(event, learner, deps.queuedCreate ?? deps.allowCreate);
  if (deps.writeMode === 'queue') {
    return queueOnly(deps, message);
  }
  if (!deps.crm.ok) {
    return { kind: 'fallback', queued: await enqueue(deps, message), reason: deps.crm.reason, cause: 'crm-unavailable' };
  }
  const store = deps.crm.store;
  if (store.budget !== undefined && !store.budget.tryReserve(DIRECT_WRITE_CALLS)) {
    const dayEnds = store.budget.dayEnds();
    const deferred = dayEnds === undefined ? message : heldUntil(message, new Date(dayEnds).toISOString());
    deps.logger.info('HubSpot’s window is nearly spent; the event is queued instead', { dailyLimit: dayEnds !== undefined });
    if (await send(deps, deferred, dayEnds === undefined ? undefined : delayUntil(dayEnds, deps.clock().getTime()))) return { kind: 'queued' };
    // The queue cannot take it either: try HubSpot after all rather than leave the event to a log line.
  }
  try {
    const outcome = await writeDirect(deps, store, learner, event);
    if (outcome.kind === 'persisted' && outcome.written) await scheduleVerify(deps, learner);
    return outcome;
  } catch (error) {
    if (error instanceof CompletionClaimError) throw error;
    return { kind: 'fallback', queued: await enqueue(deps, message), reason: describeCrmFailure(error), cause: 'crm-failed', error };
  }
}

async function writeDirect(deps: TrackDependencies, store: ContactStore, learner: RequestIdentity, event: ProgressEvent): Promise<TrackOutcome> {
  const found = await store.read(learner.identity, READ_PROPERTIES, WITH_STATE_HISTORY);
  if (found !== null) return mergeInto(deps, store, found, event);
  const email = learner.email;
  if (email === undefined) return { kind: 'unknown-contact' };
  if (!deps.allowCreate) {
    // Only the queue's consumer may create contacts (AUTH_ALLOW_CONTACT_CREATE=queue): it does, in a batch.
    if (deps.queuedCreate !== true) return { kind: 'unknown-contact' };
    return queueOnly(deps, eventMessage(event, learner, true));
  }

  const values = { ...plan(deps, undefined, event).values, lifecyclestage: 'lead' };
  deps.logger.info('[CRM] Contact not found, creating new contact', { identity: describe(learner.identity) });
  let created;
  try {
    created = await createLearning({ ...deps, store }, email, values);
  } catch (error) {
    deps.logger.error('[CRM] Failed to create contact', { error });
    throw error;
  }
  if (created.created) {
    deps.logger.info('[CRM] Created new learning contact', { contactId: created.id });
    return { kind: 'persisted', contactId: created.id, created: true, written: true };
  }
  deps.logger.info('[CRM] Contact created concurrently, merging into it', { contactId: created.id });
  const existing = await store.read({ kind: 'id', contactId: created.id }, READ_PROPERTIES, WITH_STATE_HISTORY);
  if (existing === null) {
    throw new CrmError(`Contact ${created.id} reported as existing but not found`, { status: 404, retryable: true });
  }
  return mergeInto(deps, store, existing, event);
}

async function mergeInto(deps: TrackDependencies, store: ContactStore, contact: StoredContact, event: ProgressEvent): Promise<TrackOutcome> {
  const { values } = plan(deps, contact, event);
  const result = await updateLearning({ ...deps, store }, contact.id, values, contact.properties);
  return { kind: 'persisted', contactId: contact.id, created: false, written: result === 'written' };
}

/** The write plan of one event; a completion claim the state does not support is the caller's mistake. */
function plan(deps: TrackDependencies, contact: StoredContact | undefined, event: ProgressEvent) {
  const planned = planWrite({ ...(contact === undefined ? {} : { contact }), events: [event], catalog: deps.catalog, now: deps.clock() });
  const [rejected] = planned.rejectedClaims;
  if (rejected !== undefined) throw new CompletionClaimError(rejected.message, rejected.details);
  return planned;
}

/** An event only the queue may write: `queued`, or a fallback when the queue cannot take it (logged for replay). */
async function queueOnly(deps: TrackDependencies, message: QueueMessage): Promise<TrackOutcome> {
  if (await enqueue(deps, message)) return { kind: 'queued' };
  return { kind: 'fallback', queued: false, reason: 'Queue unavailable; the event was logged for replay', cause: 'queue-unreachable' };
}

/** Sends to the queue; false (after logging the event whole for replay) when there is none or it cannot be reached. */
async function enqueue(deps: TrackDependencies, message: QueueMessage): Promise<boolean> {
  if (await send(deps, message)) return true;
  if (message.kind === 'event') logForReplay(deps.logger, message.event, message.learner);
  return false;
}

/** Sends to the queue (delayed up to SQS's 15 minutes when asked); false when there is none or it cannot be reached. */
async function send(deps: TrackDependencies, message: QueueMessage, delaySeconds?: number): Promise<boolean> {
  if (deps.queue === undefined) return false;
  try {
    await deps.queue.send(message, delaySeconds === undefined ? {} : { delaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, delaySeconds)) });
    return true;
  } catch (error) {
    deps.logger.error('Queue unreachable', { error });
    return false;
  }
}

/**
 * After a direct write, asks the queue consumer to re-read the learner a few seconds later: if another event for
 * the same learner raced this one (HubSpot has no compare-and-set), the consumer merges the versions and repairs the
 * stored value. Best effort: the versions are also merged on every later read and write.
 */
async function scheduleVerify(deps: TrackDependencies, learner: RequestIdentity): Promise<void> {
  if (deps.queue === undefined || deps.verifyDelaySeconds === 0) return;
  try {
    await deps.queue.send(verifyMessage(learner), { delaySeconds: deps.verifyDelaySeconds });
  } catch (error) {
    deps.logger.warn('Could not schedule the post-write check', { error });
  }
}

/**
 * Writes the whole event as one line a replay can read back. The identity is needed to replay it, so this line
 * (and only this one) carries the learner's email unmasked; see docs/operations.md.
 */
function logForReplay(logger: Logger, event: ProgressEvent, learner: RequestIdentity): void {
  logger.warn('Event logged for replay', { replay: { event, identity: learner.identity, email: learner.email } });
}

function describe(identity: Identity): string {
  return identity.kind === 'id' ? `contact ${identity.contactId}` : 'email';
}

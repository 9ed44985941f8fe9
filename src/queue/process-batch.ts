import type { ContactStore, StoredContact } from '../crm/contact-store.js';
import { type Identity, identityKey } from '../identity.js';
import { createManyLearning, type PlannedCreate, type PlannedUpdate, updateManyLearning } from '../crm/adaptive-writes.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { CorruptStateError, CrmError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Catalog, ProgressEvent } from '../progress/types.js';
import { WITH_STATE_HISTORY } from '../tracking/recent-state.js';
import { planWrite } from '../tracking/plan-write.js';
import { parseQueueMessage, type QueueMessage } from '../tracking/queue-message.js';
import { retryDelaySeconds } from './retry-delay.js';

export interface InboundMessage {
  id: string;
  body: string;
  /** How many times the queue has delivered it (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

export interface FailedMessage {
  id: string;
  reason: string;
  /** Seconds to keep it invisible before the next try (429 `Retry-After`, else exponential back-off). */
  retryAfterSeconds?: number;
}

export interface BatchDependencies {
  store: ContactStore;
  catalog: Catalog;
  clock: () => Date;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
}

interface LearnerGroup {
  identity: Identity;
  email?: string;
  allowCreate: boolean;
  messages: { id: string; receiveCount: number; message: QueueMessage }[];
}

/**
 * Processes one batch from the queue, grouped by learner, in about three HubSpot calls whatever its size:
 *
 * 1. Parse every message; a message that is not ours (poison) fails and ends in the dead-letter queue.
 * 2. One batch read of every learner (by email and by id, with the state's recent versions).
 * 3. Fold each learner's events into their state ({@link planWrite}); learners whose values would not change are not written.
 * 4. One 409-safe batch create of the new learners (a contact that turns out to exist is read and merged into).
 * 5. One batch update of the rest, by record id.
 * Writes learn the portal's date types and missing optional properties (`learning-writes.ts`), as the direct path does.
 *
 * Only the messages whose learner failed are returned, so the queue redelivers exactly those
 * (`ReportBatchItemFailures`). A whole-call failure (429, 5xx, timeout) fails every message not yet written, with the
 * delay HubSpot asked for or an exponential back-off, so the consumer never sleeps.
 */
export async function processBatch(deps: BatchDependencies, inbound: readonly InboundMessage[]): Promise<{ failed: FailedMessage[]; written: number }> {
  const failed: FailedMessage[] = [];
  const groups = new Map<string, LearnerGroup>();
  for (const m of inbound) {
    const message = parseQueueMessage(m.body);
    if (message === undefined) {
      deps.logger.error('Poison message (not a progress event); left for the dead-letter queue', { messageId: m.id, receiveCount: m.receiveCount });
      failed.push({ id: m.id, reason: 'poison' });
      continue;
    }
    const key = identityKey(message.learner.identity);
    const group = groups.get(key) ?? { identity: message.learner.identity, allowCreate: false, messages: [] };
    group.email ??= message.learner.email;
    group.allowCreate ||= message.kind === 'event' && message.allowCreate;
    group.messages.push({ id: m.id, receiveCount: m.receiveCount, message });
    groups.set(key, group);
  }
  if (groups.size === 0) return { failed, written: 0 };

  const failGroups = (list: Iterable<LearnerGroup>, error: unknown) => {
    for (const group of list) {
      for (const m of group.messages) failed.push(failure(m.id, m.receiveCount, error));
    }
  };

  // 2. Read everyone.
  let found: Map<string, StoredContact>;
  try {
    found = await deps.store.readMany([...groups.values()].map((g) => g.identity), READ_PROPERTIES, WITH_STATE_HISTORY);
  } catch (error) {
    deps.logger.warn('Batch read failed; the batch will be retried', { error, learners: groups.size });
    failGroups(groups.values(), error);
    return { failed, written: 0 };
  }

  // Learners named by email and by id may be one contact: one update per contact (HubSpot rejects duplicates).
  const byContact = new Map<string, { contact: StoredContact; groups: LearnerGroup[] }>();
  const toCreate = new Map<string, LearnerGroup[]>();
  for (const [key, group] of groups) {
    const contact = found.get(key);
    if (contact !== undefined) {
      const entry = byContact.get(contact.id) ?? { contact, groups: [] };
      entry.groups.push(group);
      byContact.set(contact.id, entry);
    } else if (group.email !== undefined && group.allowCreate) {
      toCreate.set(group.email, [...(toCreate.get(group.email) ?? []), group]);
    } else {
      deps.logger.warn('Events for a contact that does not exist and may not be created; dropped', { messages: group.messages.length });
    }
  }

  // 3. Plan the new learners and create them.
  const creates: PlannedCreate[] = [];
  for (const [email, list] of toCreate) {
    const plan = planOrFail(deps, undefined, list, failed);
    if (plan !== undefined) creates.push({ email, values: { ...plan.values, lifecyclestage: 'lead' } });
  }
  if (creates.length > 0) {
    for (const [id, contact, list] of await createLearners(deps, creates, toCreate, failGroups)) {
      byContact.set(id, { contact, groups: list });
    }
  }

  // 4. Plan the existing learners and update them in one batch.
  const updates: PlannedUpdate[] = [];
  const groupsById = new Map<string, LearnerGroup[]>();
  for (const [id, { contact, groups: list }] of byContact) {
    const plan = planOrFail(deps, contact, list, failed);
    if (plan === undefined) continue;
    updates.push({ id, values: plan.values, previous: contact.properties });
    groupsById.set(id, list);
  }
  let written = creates.length;
  if (updates.length > 0) {
    try {
      const outcome = await updateManyLearning(deps, updates);
      for (const [id, error] of outcome.failed) {
        deps.logger.warn('Update refused for one learner', { contactId: id, error });
        failGroups(groupsById.get(id) ?? [], error);
      }
      written += outcome.written.length;
    } catch (error) {
      deps.logger.warn('Batch update failed; those learners will be retried', { error, learners: updates.length });
      failGroups([...groupsById.values()].flat(), error);
    }
  }
  return { failed, written };
}

/**
 * Creates the new learners (409-safe). Answers the ones that turned out to exist already — created by someone else a
 * moment ago — read back so the caller merges their events into them; fails the groups of any call that fails.
 */
async function createLearners(
  deps: BatchDependencies,
  creates: PlannedCreate[],
  toCreate: Map<string, LearnerGroup[]>,
  failGroups: (groups: Iterable<LearnerGroup>, error: unknown) => void,
): Promise<[string, StoredContact, LearnerGroup[]][]> {
  let results: Map<string, { id: string; created: boolean }>;
  try {
    results = await createManyLearning(deps, creates);
  } catch (error) {
    deps.logger.warn('Batch create failed; those learners will be retried', { error, learners: creates.length });
    failGroups([...toCreate.values()].flat(), error);
    return [];
  }
  const existing = [...results].filter(([, r]) => !r.created).map(([email, r]) => ({ email, id: r.id }));
  if (existing.length === 0) return [];
  try {
    const reread = await deps.store.readMany(
      existing.map((e) => ({ kind: 'id', contactId: e.id }) as const),
      READ_PROPERTIES,
      WITH_STATE_HISTORY,
    );
    return existing.map((e) => [e.id, reread.get(`id:${e.id}`) ?? { id: e.id, properties: {} }, toCreate.get(e.email) ?? []]);
  } catch (error) {
    failGroups(existing.flatMap((e) => toCreate.get(e.email) ?? []), error);
    return [];
  }
}

function planOrFail(deps: BatchDependencies, contact: StoredContact | undefined, groups: LearnerGroup[], failed: FailedMessage[]) {
  const events: ProgressEvent[] = groups.flatMap((g) => g.messages.flatMap((m) => (m.message.kind === 'event' ? [m.message.event] : [])));
  try {
    const plan = planWrite({ ...(contact === undefined ? {} : { contact }), events, catalog: deps.catalog, now: deps.clock() });
    for (const rejected of plan.rejectedClaims) {
      deps.logger.warn('Completion claim not supported by the state; dropped', { eventName: rejected.event.name, reason: rejected.message });
    }
    return plan;
  } catch (error) {
    const corrupt = error instanceof CorruptStateError;
    deps.logger.error(corrupt ? 'Stored progress cannot be parsed; messages left for the dead-letter queue' : 'Cannot plan learner update', {
      error,
      contactId: contact?.id,
    });
    for (const g of groups) for (const m of g.messages) failed.push({ id: m.id, reason: corrupt ? 'corrupt-state' : 'plan-failed' });
    return undefined;
  }
}

function failure(id: string, receiveCount: number, error: unknown): FailedMessage {
  if (error instanceof CrmError && error.retryable) {
    return { id, reason: `HubSpot ${error.status ?? error.options.category ?? 'error'}`, retryAfterSeconds: retryDelaySeconds(receiveCount, error.options.retryAfterSeconds) };
  }
  return { id, reason: error instanceof Error ? error.message : 'failed' };
}

import type { ContactStore, StoredContact } from '../crm/contact-store.js';
import { identityKey } from '../identity.js';
import { createManyLearning, type PlannedCreate, type PlannedUpdate, updateManyLearning } from '../crm/adaptive-writes.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { CorruptStateError, CrmError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Catalog } from '../progress/types.js';
import type { EventQueue } from '../tracking/event-queue.js';
import { readWithRecentVersions } from '../tracking/read-recent-versions.js';
import { planWrite } from '../tracking/plan-write.js';
import { type HeldMessage, holdMessages, stillHeld } from './hold-messages.js';
import { type BatchMessage, eventsOf, groupByLearner, type InboundMessage, type LearnerGroup, parseBatch } from './learner-groups.js';
import { fateOf } from './message-fate.js';

export type { InboundMessage } from './learner-groups.js';

export interface FailedMessage {
  id: string;
  reason: string;
  /** Seconds to keep it invisible before the next try (`Retry-After`, else exponential back-off). */
  retryAfterSeconds?: number;
}

export interface BatchResult {
  /** Messages to leave on the queue (`ReportBatchItemFailures`); every other one is done and deleted. */
  failed: FailedMessage[];
  /** Learners written. */
  written: number;
  /** Messages sent back to the queue to wait (HubSpot's day spent, a 429, 423 or 477): done here, not failed. */
  held: HeldMessage[];
}

export interface BatchDependencies {
  store: ContactStore;
  catalog: Catalog;
  clock: () => Date;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
  /**
   * Where held messages are sent back to wait (the events queue). Without it a message HubSpot asks to wait on is
   * failed with a visibility delay instead (at most 15 minutes), which burns one of its receives each time.
   */
  requeue?: EventQueue;
  /** Whether this consumer may create contacts (`AUTH_ALLOW_CONTACT_CREATE` names `queue`); true by default. */
  allowCreate?: boolean;
}

const DAILY_HOLD_LOG = 'HubSpot daily limit reached; messages held until the account’s midnight';

/**
 * Processes one batch from the queue, grouped by learner, in a few HubSpot calls whatever its size:
 *
 * 1. Parse every message; a message that is not ours (poison) fails and ends in the dead-letter queue. A message
 *    still held (`holdUntil` ahead) goes back to wait, and so does everything while HubSpot's day is known spent:
 *    no HubSpot call for either.
 * 2. One batch read of every learner (by email and by id), and, for the learners a post-write check names, one with
 *    the state's recent versions (`readWithRecentVersions`). HubSpot resolves merged ids and additional emails; the
 *    store answers every identity HubSpot still resolves.
 * 3. Fold each learner's events into their state ({@link planWrite}); learners whose values would not change are not written.
 * 4. One batch create of the new learners, per input: one HubSpot refuses fails alone; one that turns out to exist
 *    is read and merged into.
 * 5. One batch update of the rest, by record id; a learner whose contact was merged meanwhile is read again and
 *    written once more.
 * Writes learn the portal's date types and missing optional properties (`adaptive-writes.ts`), as the direct path does.
 *
 * Only the messages whose learner failed are returned, so the queue redelivers exactly those
 * (`ReportBatchItemFailures`). A call that fails as a whole fails (or holds) every message not yet written — see
 * `message-fate.ts` for which — so the consumer never sleeps.
 */
export async function processBatch(deps: BatchDependencies, inbound: readonly InboundMessage[]): Promise<BatchResult> {
  const result: BatchResult = { failed: [], written: 0, held: [] };
  const now = deps.clock().getTime();
  const parsed = parseBatch(inbound, deps.logger);
  for (const id of parsed.poison) result.failed.push({ id, reason: 'poison' });

  // 1. Messages still waiting, and a spent day, go back to the queue untouched.
  const waiting = parsed.messages.filter((m) => stillHeld(m, now));
  const dayEnds = deps.store.budget?.dayEnds();
  const ready = dayEnds === undefined ? parsed.messages.filter((m) => !stillHeld(m, now)) : [];
  for (const m of waiting) await hold(deps, result, [m], Date.parse(m.message.holdUntil ?? ''), now, 'held');
  if (dayEnds !== undefined) await holdForTheDay(deps, result, parsed.messages.filter((m) => !stillHeld(m, now)), dayEnds, now);
  const groups = groupByLearner(ready, deps.allowCreate ?? true);
  if (groups.size === 0) return result;

  const failGroups = async (list: Iterable<LearnerGroup>, error: unknown) => {
    const messages = [...list].flatMap((g) => g.messages);
    await failMessages(deps, result, messages, error, now);
  };

  // 2. Read everyone.
  let found: Map<string, StoredContact>;
  try {
    found = await readWithRecentVersions(deps.store, [...groups.values()].map((g) => g.identity), READ_PROPERTIES, deps.clock(), (identity) =>
      checksWrite(groups.get(identityKey(identity))),
    );
  } catch (error) {
    deps.logger.warn('Batch read failed; the batch will be retried', { error, learners: groups.size });
    await failGroups(groups.values(), error);
    return result;
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

  // 3–4. Plan the new learners and create them.
  const creates: PlannedCreate[] = [];
  for (const [email, list] of toCreate) {
    const plan = planOrFail(deps, undefined, list, result);
    if (plan !== undefined) creates.push({ email, values: { ...plan.values, lifecyclestage: 'lead' } });
  }
  if (creates.length > 0) {
    for (const [id, contact, list] of await createLearners(deps, creates, toCreate, failGroups, result)) byContact.set(id, { contact, groups: list });
  }

  // 5. Plan the existing learners and update them in one batch (a learner merged meanwhile: read again, once more).
  let pending = byContact;
  for (let round = 0; round < 2 && pending.size > 0; round += 1) {
    const merged = await updateLearners(deps, pending, failGroups, result, round === 0);
    pending = merged.size === 0 ? new Map() : await rereadMerged(deps, merged, failGroups);
  }
  return result;
}

/** Plans and updates `byContact`; answers the learners whose contact HubSpot says was merged away meanwhile. */
async function updateLearners(
  deps: BatchDependencies,
  byContact: Map<string, { contact: StoredContact; groups: LearnerGroup[] }>,
  failGroups: (groups: Iterable<LearnerGroup>, error: unknown) => Promise<void>,
  result: BatchResult,
  retryMerged: boolean,
): Promise<Map<string, LearnerGroup[]>> {
  const updates: PlannedUpdate[] = [];
  const groupsById = new Map<string, LearnerGroup[]>();
  for (const [id, { contact, groups: list }] of byContact) {
    const plan = planOrFail(deps, contact, list, result);
    if (plan === undefined) continue;
    updates.push({ id, values: plan.values, previous: contact.properties });
    groupsById.set(id, list);
  }
  const merged = new Map<string, LearnerGroup[]>();
  if (updates.length === 0) return merged;
  try {
    const outcome = await updateManyLearning(deps, updates);
    for (const [id, error] of outcome.failed) {
      const target = error.options.mergedInto;
      if (retryMerged && target !== undefined) {
        merged.set(target, [...(merged.get(target) ?? []), ...(groupsById.get(id) ?? [])]);
        continue;
      }
      deps.logger.warn('Update refused for one learner', { contactId: id, error });
      await failGroups(groupsById.get(id) ?? [], error);
    }
    result.written += outcome.written.length;
  } catch (error) {
    deps.logger.warn('Batch update failed; those learners will be retried', { error, learners: updates.length });
    await failGroups([...groupsById.values()].flat(), error);
  }
  return merged;
}

/** The contacts learners were merged into, read again (one batch read), to be planned and written once more. */
async function rereadMerged(
  deps: BatchDependencies,
  merged: Map<string, LearnerGroup[]>,
  failGroups: (groups: Iterable<LearnerGroup>, error: unknown) => Promise<void>,
): Promise<Map<string, { contact: StoredContact; groups: LearnerGroup[] }>> {
  try {
    const reread = await readWithRecentVersions(deps.store, [...merged.keys()].map((contactId) => ({ kind: 'id', contactId }) as const), READ_PROPERTIES, deps.clock(), (identity) =>
      identity.kind === 'id' && (merged.get(identity.contactId) ?? []).some(checksWrite),
    );
    const again = new Map<string, { contact: StoredContact; groups: LearnerGroup[] }>();
    for (const [id, list] of merged) {
      const contact = reread.get(`id:${id}`);
      if (contact === undefined) await failGroups(list, new CrmError(`Contact ${id} not found after a merge`, { status: 404, retryable: true }));
      else again.set(contact.id, { contact, groups: [...(again.get(contact.id)?.groups ?? []), ...list] });
    }
    return again;
  } catch (error) {
    await failGroups([...merged.values()].flat(), error);
    return new Map();
  }
}

/**
 * Creates the new learners (per input, 409-safe). Answers the ones that turned out to exist already — created by
 * someone else a moment ago — read back so the caller merges their events into them; fails the groups of an input
 * HubSpot refused, and of any call that fails.
 */
async function createLearners(
  deps: BatchDependencies,
  creates: PlannedCreate[],
  toCreate: Map<string, LearnerGroup[]>,
  failGroups: (groups: Iterable<LearnerGroup>, error: unknown) => Promise<void>,
  result: BatchResult,
): Promise<[string, StoredContact, LearnerGroup[]][]> {
  let outcome;
  try {
    outcome = await createManyLearning(deps, creates);
  } catch (error) {
    deps.logger.warn('Batch create failed; those learners will be retried', { error, learners: creates.length });
    await failGroups([...toCreate.values()].flat(), error);
    return [];
  }
  for (const [email, error] of outcome.failed) {
    deps.logger.warn('Create refused for one learner', { error, messages: toCreate.get(email)?.length ?? 0 });
    await failGroups(toCreate.get(email) ?? [], error);
  }
  result.written += [...outcome.created.values()].filter((r) => r.created).length;
  const existing = [...outcome.created].filter(([, r]) => !r.created).map(([email, r]) => ({ email, id: r.id }));
  if (existing.length === 0) return [];
  try {
    // Created meanwhile by someone else: merge into what they wrote, and into its recent versions.
    const reread = await readWithRecentVersions(deps.store, existing.map((e) => ({ kind: 'id', contactId: e.id }) as const), READ_PROPERTIES, deps.clock());
    return existing.map((e) => {
      const contact = reread.get(`id:${e.id}`) ?? { id: e.id, properties: {} };
      return [contact.id, contact, toCreate.get(e.email) ?? []];
    });
  } catch (error) {
    await failGroups(existing.flatMap((e) => toCreate.get(e.email) ?? []), error);
    return [];
  }
}

/**
 * Whether a group is a post-write check: only those need the state's recent versions. The consumer is the only writer
 * in flight in queue mode, and a direct write that one of its writes may overwrite (or be overwritten by) sends its own
 * check, which merges the versions; an event alone is merged into the current value.
 */
function checksWrite(group: LearnerGroup | undefined): boolean {
  return group?.messages.some((m) => m.message.kind === 'verify') ?? false;
}

function planOrFail(deps: BatchDependencies, contact: StoredContact | undefined, groups: LearnerGroup[], result: BatchResult) {
  try {
    const plan = planWrite({ ...(contact === undefined ? {} : { contact }), events: eventsOf(groups), catalog: deps.catalog, now: deps.clock() });
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
    for (const g of groups) for (const m of g.messages) result.failed.push({ id: m.id, reason: corrupt ? 'corrupt-state' : 'plan-failed' });
    return undefined;
  }
}

/** Fails, retries or holds messages after `error`, as `message-fate.ts` decides for each. */
async function failMessages(deps: BatchDependencies, result: BatchResult, messages: readonly BatchMessage[], error: unknown, now: number): Promise<void> {
  const daily = new Map<number, BatchMessage[]>();
  for (const m of messages) {
    const fate = fateOf(error, m.receiveCount, now, deps.store.budget);
    if (fate.kind === 'hold' && fate.daily) daily.set(fate.until, [...(daily.get(fate.until) ?? []), m]);
    else if (fate.kind === 'hold') await hold(deps, result, [m], fate.until, now, fate.reason);
    else if (fate.kind === 'retry') result.failed.push({ id: m.id, reason: fate.reason, retryAfterSeconds: fate.retryAfterSeconds });
    else result.failed.push({ id: m.id, reason: fate.reason });
  }
  for (const [until, list] of daily) await holdForTheDay(deps, result, list, until, now);
}

/** Holds messages for the rest of the account's day, and says so loudly: the alarm reads this line. */
async function holdForTheDay(deps: BatchDependencies, result: BatchResult, messages: readonly BatchMessage[], until: number, now: number): Promise<void> {
  if (messages.length === 0) return;
  deps.logger.error(DAILY_HOLD_LOG, { messages: messages.length, holdUntil: new Date(until).toISOString() });
  await hold(deps, result, messages, until, now, 'HubSpot daily limit');
}

/** Sends messages back to wait until `until`; those that cannot be sent stay failed, delayed as long as SQS allows. */
async function hold(deps: BatchDependencies, result: BatchResult, messages: readonly BatchMessage[], until: number, now: number, reason: string): Promise<void> {
  const { held, notHeld } = await holdMessages(deps, messages, until, now);
  result.held.push(...held);
  const seconds = Math.min(900, Math.max(1, Math.ceil((until - now) / 1000)));
  for (const m of notHeld) result.failed.push({ id: m.id, reason, retryAfterSeconds: seconds });
}

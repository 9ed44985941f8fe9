import type { StoredContact } from '../crm/contact-store.js';
import { identityKey } from '../identity.js';
import type { PlannedCreate } from '../crm/adaptive-writes.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { readWithRecentVersions } from '../tracking/read-recent-versions.js';
import type { BatchDependencies, BatchResult } from './batch-types.js';
import { holdMessages, stillHeld } from './hold-messages.js';
import { type BatchMessage, groupByLearner, type InboundMessage, type LearnerGroup, parseBatch } from './learner-groups.js';
import { fateOf } from './message-fate.js';
import { delayUntil } from '../tracking/event-queue.js';
import { checksWrite, type ContactGroups, createLearners, planOrFail, rereadMerged, updateLearners } from './write-learners.js';

export type { InboundMessage } from './learner-groups.js';

export type { BatchDependencies, BatchResult, FailedMessage } from './batch-types.js';

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
  const due = parsed.messages.filter((m) => !stillHeld(m, now));
  const dayEnds = deps.store.budget?.dayEnds();
  const ready = dayEnds === undefined ? due : [];
  for (const m of waiting) await hold(deps, result, [m], Date.parse(m.message.holdUntil ?? ''), now, 'held');
  if (dayEnds !== undefined) await holdForTheDay(deps, result, due, dayEnds, now);
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
  let pending: ContactGroups = byContact;
  for (let round = 0; round < 2 && pending.size > 0; round += 1) {
    const merged = await updateLearners(deps, pending, failGroups, result, round === 0);
    pending = merged.size === 0 ? new Map() : await rereadMerged(deps, merged, failGroups);
  }
  return result;
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
  const seconds = Math.max(1, delayUntil(until, now));
  for (const m of notHeld) result.failed.push({ id: m.id, reason, retryAfterSeconds: seconds });
}

import type { StoredContact } from '../crm/contact-store.js';
import { createManyLearning, type PlannedCreate, type PlannedUpdate, updateManyLearning } from '../crm/adaptive-writes.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { CorruptStateError, CrmError } from '../errors.js';
import { readWithRecentVersions } from '../tracking/read-recent-versions.js';
import { planWrite } from '../tracking/plan-write.js';
import { eventsOf, type LearnerGroup } from './learner-groups.js';
import type { BatchDependencies, BatchResult } from './batch-types.js';

/**
 * The writes of one consumer batch: planning each learner, the batch create of the new ones and the batch update of
 * the others, and the second round for learners whose contact was merged meanwhile. `processBatch` orchestrates.
 */

/** Fails (or holds) the messages of these groups after `error`, as the batch decides. */
export type FailGroups = (groups: Iterable<LearnerGroup>, error: unknown) => Promise<void>;

export type ContactGroups = Map<string, { contact: StoredContact; groups: LearnerGroup[] }>;

/** Plans and updates `byContact`; answers the learners whose contact HubSpot says was merged away meanwhile. */
export async function updateLearners(
  deps: BatchDependencies,
  byContact: ContactGroups,
  failGroups: FailGroups,
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
export async function rereadMerged(
  deps: BatchDependencies,
  merged: Map<string, LearnerGroup[]>,
  failGroups: FailGroups,
): Promise<ContactGroups> {
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
export async function createLearners(
  deps: BatchDependencies,
  creates: PlannedCreate[],
  toCreate: Map<string, LearnerGroup[]>,
  failGroups: FailGroups,
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
export function checksWrite(group: LearnerGroup | undefined): boolean {
  return group?.messages.some((m) => m.message.kind === 'verify') ?? false;
}

export function planOrFail(deps: BatchDependencies, contact: StoredContact | undefined, groups: LearnerGroup[], result: BatchResult) {
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

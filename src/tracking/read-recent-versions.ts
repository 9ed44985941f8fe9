import { BATCH_LIMIT_WITH_HISTORY } from '../crm/batch-limits.js';
import type { ContactStore, StoredContact } from '../crm/contact-store.js';
import { type Identity, identityKey } from '../identity.js';
import { PROPERTY_NAMES } from '../properties/property-definitions.js';
import { mayHaveRecentVersions, WITH_STATE_HISTORY } from './recent-state.js';

/**
 * The most of state history one read may bring back, estimated: an answer carries every version HubSpot kept of each
 * learner's state (it documents no cap; 20 are assumed), and a state can hold 64 KB. 12 MB is about a second on a
 * 10 MB/s link, well inside `HUBSPOT_TIMEOUT_MS` (docs/benchmarks.md measures it).
 */
export const HISTORY_ANSWER_BUDGET_BYTES = 12_000_000;

/** Versions assumed per learner when sizing a history read: the current one and 20 earlier. */
export const ASSUMED_VERSIONS = 21;

/**
 * A batch read that asks for `propertiesWithHistory` only where the merge can use it, and never for more history than
 * one call can bring back in time:
 *
 * 1. Read every identity without history (100 per call).
 * 2. Read again, by id and with the state's history, the contacts of the identities `wantsHistory` names whose last
 *    write is recent or cannot be told (`mayHaveRecentVersions`): the versions of the last ten minutes matter only for
 *    them. They go in calls of at most 50 (HubSpot's limit) and at most {@link HISTORY_ANSWER_BUDGET_BYTES} of
 *    estimated history (each learner's current state size × {@link ASSUMED_VERSIONS}): 50 small states in one call,
 *    ten 60 KB ones.
 * Their answer replaces the first. A batch of learners not written lately costs one call per 100 (not one per 50).
 * @param wantsHistory which identities to merge the recent versions of (all by default).
 * @throws CrmError as `readMany` does.
 */
export async function readWithRecentVersions(
  store: Pick<ContactStore, 'readMany'>,
  identities: readonly Identity[],
  properties: readonly string[],
  now: Date,
  wantsHistory: (identity: Identity) => boolean = () => true,
): Promise<Map<string, StoredContact>> {
  const current = await store.readMany(identities, properties);
  const asked = new Set(identities.filter(wantsHistory).map(identityKey));
  const recent = new Map<string, StoredContact>();
  for (const [key, contact] of current) if (asked.has(key) && mayHaveRecentVersions(contact, now)) recent.set(contact.id, contact);
  if (recent.size === 0) return current;
  const withHistory = new Map<string, StoredContact>();
  for (const chunk of historyChunks([...recent.values()])) {
    const answer = await store.readMany(chunk.map((contactId) => ({ kind: 'id', contactId }) as const), properties, WITH_STATE_HISTORY);
    for (const [key, contact] of answer) withHistory.set(key, contact);
  }
  const merged = new Map<string, StoredContact>();
  for (const [key, contact] of current) merged.set(key, withHistory.get(`id:${contact.id}`) ?? contact);
  return merged;
}

/** Ids in chunks of at most 50 and at most the history budget, in order. */
export function historyChunks(contacts: readonly StoredContact[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const contact of contacts) {
    const estimate = Math.max(1, contact.properties[PROPERTY_NAMES.state]?.length ?? 0) * ASSUMED_VERSIONS;
    if (chunk.length > 0 && (chunk.length >= BATCH_LIMIT_WITH_HISTORY || bytes + estimate > HISTORY_ANSWER_BUDGET_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(contact.id);
    bytes += estimate;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

import type { ContactStore, StoredContact } from '../crm/contact-store.js';
import type { Identity } from '../identity.js';
import { mayHaveRecentVersions, WITH_STATE_HISTORY } from './recent-state.js';

/**
 * A batch read that asks for `propertiesWithHistory` only where the merge can use it: the state's versions of the
 * last ten minutes matter only for contacts written in the last ten minutes, and a version can hold 64 KB.
 *
 * 1. Read every identity without history (100 per call).
 * 2. Read again, by id and with the state's history (10 per call), the contacts whose last write is recent or cannot
 *    be told (`mayHaveRecentVersions`); their answer replaces the first.
 * A batch of learners not written lately costs one call per 100 (not one per 50); a batch of post-write checks, all
 * recent, costs one more per 100 and one per 10 with history, each answer bounded.
 * @throws CrmError as `readMany` does.
 */
export async function readWithRecentVersions(
  store: Pick<ContactStore, 'readMany'>,
  identities: readonly Identity[],
  properties: readonly string[],
  now: Date,
): Promise<Map<string, StoredContact>> {
  const current = await store.readMany(identities, properties);
  const recent = [...new Set([...current.values()].filter((contact) => mayHaveRecentVersions(contact, now)).map((contact) => contact.id))];
  if (recent.length === 0) return current;
  const withHistory = await store.readMany(recent.map((contactId) => ({ kind: 'id', contactId }) as const), properties, WITH_STATE_HISTORY);
  const answer = new Map<string, StoredContact>();
  for (const [key, contact] of current) answer.set(key, withHistory.get(`id:${contact.id}`) ?? contact);
  return answer;
}

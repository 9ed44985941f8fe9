import { normaliseEmail } from '../../identity.js';
import { type PropertyVersion, type ReadOptions, type StoredContact } from '../contact-store.js';
import { identityKey, type Identity } from '../../identity.js';
import { chunksOf, readChunkSize } from '../batch-limits.js';
import { CONTACTS_PATH, type BatchContext } from './transport.js';
import type { HubSpotContact } from './contacts-api.js';

/**
 * `readMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/read`, by email (`idProperty: 'email'`) and
 * by record id, in chunks of 100 (50 with `propertiesWithHistory`).
 */

const BATCH_READ_PATH = `${CONTACTS_PATH}/batch/read`;

/** What {@link toStoredContact} reads of a contact: a single read's answer and a batch result both fit. */
type ContactAnswer = Pick<HubSpotContact, 'id' | 'properties' | 'propertiesWithHistory'>;

/**
 * Reads many contacts. Calls: one per chunk of distinct emails plus one per chunk of distinct ids; none for an empty
 * list. Identities HubSpot does not know (the 207's `OBJECT_NOT_FOUND` errors) are absent from the answer.
 *
 * 1. Group the identities by kind, de-duplicated (emails lower-cased and trimmed): HubSpot rejects a batch that names
 *    one record twice, and several callers' identities may be one input.
 * 2. Read each chunk; `email` is always requested, since an email result is matched back by its `email` value.
 * 3. Answer each result under the {@link identityKey} of every identity that named it.
 * @throws CrmError when a call fails as a whole (429 with `retryAfterSeconds`, 5xx, timeout, network, other 4xx).
 */
export async function batchRead(
  context: BatchContext,
  identities: readonly Identity[],
  properties: readonly string[],
  options?: ReadOptions,
): Promise<Map<string, StoredContact>> {
  const keysByEmail = new Map<string, string[]>();
  const keysById = new Map<string, string[]>();
  for (const identity of identities) {
    if (identity.kind === 'email') append(keysByEmail, normaliseEmail(identity.email), identityKey(identity));
    else append(keysById, identity.contactId, identityKey(identity));
  }
  const history = [...(options?.history ?? [])];
  const size = readChunkSize(options);
  const withEmail = properties.includes('email') ? [...properties] : [...properties, 'email'];
  const answer = new Map<string, StoredContact>();

  for (const emails of chunksOf([...keysByEmail.keys()], size)) {
    const input = { idProperty: 'email', inputs: emails.map((id) => ({ id })), properties: withEmail, propertiesWithHistory: history };
    for (const result of await readChunk(context, input)) {
      const email = result.properties['email'];
      const keys = typeof email === 'string' ? keysByEmail.get(normaliseEmail(email)) : undefined;
      for (const key of keys ?? []) answer.set(key, toStoredContact(result));
    }
  }
  for (const ids of chunksOf([...keysById.keys()], size)) {
    const input = { inputs: ids.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: history };
    for (const result of await readChunk(context, input)) {
      for (const key of keysById.get(result.id) ?? []) answer.set(key, toStoredContact(result));
    }
  }
  return answer;
}

/**
 * A contact as the store answers it: every property HubSpot returned, and `history` when HubSpot returned
 * `propertiesWithHistory` (versions newest first, as HubSpot orders them; timestamps as ISO-8601).
 */
export function toStoredContact(answer: ContactAnswer): StoredContact {
  const contact: StoredContact = { id: answer.id, properties: { ...answer.properties } };
  if (answer.propertiesWithHistory !== undefined) {
    contact.history = Object.fromEntries(
      Object.entries(answer.propertiesWithHistory).map(([name, versions]) => [name, versions.map(toVersion)]),
    );
  }
  return contact;
}

async function readChunk(
  context: BatchContext,
  input: { idProperty?: string; inputs: { id: string }[]; properties: string[]; propertiesWithHistory: string[] },
): Promise<HubSpotContact[]> {
  const outcome = await context.send({ operation: 'batchRead', method: 'POST', path: BATCH_READ_PATH }, (o) =>
    context.batchApi.readWithHttpInfo(input, undefined, o),
  );
  // A 207 lists the misses in `errors` (OBJECT_NOT_FOUND, `context.ids`): they are simply not in the answer.
  if (outcome.ok) return outcome.data.results;
  throw context.fail(outcome.failure);
}

/** The client turns `timestamp` into a Date; keep HubSpot's instant as ISO-8601, or its text if it was not one. */
function toVersion(version: { value: string; timestamp: Date | string }): PropertyVersion {
  const { value, timestamp } = version;
  const valid = timestamp instanceof Date && !Number.isNaN(timestamp.getTime());
  return { value: typeof value === 'string' ? value : '', timestamp: valid ? timestamp.toISOString() : String(timestamp) };
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

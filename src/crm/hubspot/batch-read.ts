import { type PropertyVersion, type ReadOptions, type StoredContact } from '../contact-store.js';
import { identityKey, normaliseEmail, type Identity } from '../../identity.js';
import { chunksOf, readChunkSize } from '../batch-limits.js';
import { type BatchContext } from './transport.js';
import type { HubSpotContact } from './contacts-api.js';

/**
 * `readMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/read`, by email (`idProperty: 'email'`) and
 * by record id, in chunks of 100 (50 with `propertiesWithHistory`).
 */

/** Set by HubSpot: the ids merged into a record (`"123;456"`) and a contact's secondary addresses (`"a@x;b@x"`). */
export const MERGED_IDS = 'hs_merged_object_ids';
export const ADDITIONAL_EMAILS = 'hs_additional_emails';

/** What {@link toStoredContact} reads of a contact: a single read's answer and a batch result both fit. */
type ContactAnswer = Pick<HubSpotContact, 'id' | 'properties' | 'propertiesWithHistory'>;

/**
 * Reads many contacts. Calls: one per chunk of distinct emails plus one per chunk of distinct ids; none for an empty
 * list; plus one single read per input HubSpot answered but the answer cannot be matched to (see 4).
 * Identities HubSpot does not know (the 207's `OBJECT_NOT_FOUND` errors) are absent from the answer.
 *
 * A batch answer does not say which input a result answers, and two real-portal cases hide it:
 * - a **merged** contact answers an old id under its new id (200, no error); `hs_merged_object_ids` lists the old ids;
 * - a contact found by an **additional email** answers its primary `email`; `hs_additional_emails` lists the others.
 *
 * 1. Group the identities by kind, de-duplicated (emails lower-cased and trimmed): HubSpot rejects a batch that names
 *    one record twice, and several callers' identities may be one input.
 * 2. Read each chunk, asking for `email` and `hs_additional_emails` (by email) or `hs_merged_object_ids` (by id).
 * 3. Answer each result under the {@link identityKey} of every identity that named it: by its id or any merged id, by
 *    its email or any additional email (trimmed, lower-cased, empty parts dropped), as Segment's destination does.
 * 4. An input neither answered nor reported missing was resolved by HubSpot to a record the answer does not tie back
 *    to it: read it alone (a single read by id or email answers it), so a learner HubSpot still resolves is never lost.
 * The helper properties are left out of the answer unless the caller asked for them.
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
  const answer = new Map<string, StoredContact>();
  const lookups: readonly Lookup[] = [
    { kind: 'email', keys: keysByEmail, idProperty: 'email', helpers: ['email', ADDITIONAL_EMAILS], answersTo: addressesOf },
    { kind: 'id', keys: keysById, helpers: [MERGED_IDS], answersTo: (result) => [result.id, ...splitList(result.properties[MERGED_IDS])] },
  ];

  for (const lookup of lookups) {
    for (const inputs of chunksOf([...lookup.keys.keys()], size)) {
      const input = {
        ...(lookup.idProperty === undefined ? {} : { idProperty: lookup.idProperty }),
        inputs: inputs.map((id) => ({ id })),
        properties: withAll(properties, lookup.helpers),
        propertiesWithHistory: history,
      };
      const { results, missing } = await readChunk(context, input);
      const answered = new Set<string>();
      for (const result of results) {
        for (const named of lookup.answersTo(result)) {
          for (const key of lookup.keys.get(named) ?? []) answer.set(key, withoutHelpers(toStoredContact(result), properties));
          answered.add(named);
        }
      }
      await readAlone(context, inputs.filter((id) => !answered.has(id) && !missing.has(id)), lookup.keys, lookup.kind, properties, options, answer);
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

/**
 * A `;`-separated multi-value (`hs_merged_object_ids`, `hs_additional_emails`), trimmed, empty parts dropped.
 * @example splitList('a@x.com; B@x.com ;;') // ['a@x.com', 'B@x.com']
 */
export function splitList(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** How one kind of identity is read: its inputs (each with the keys that named it) and what a result answers to. */
interface Lookup {
  readonly kind: 'email' | 'id';
  readonly keys: ReadonlyMap<string, string[]>;
  /** `email` for reads by email; none (the record id) for reads by id. */
  readonly idProperty?: string;
  /** The helper properties identity needs from HubSpot. */
  readonly helpers: readonly string[];
  /** The inputs a result answers (normalised as the keys are). */
  readonly answersTo: (result: HubSpotContact) => string[];
}

/** Every address a result answers to: its primary email and its additional ones, normalised. */
function addressesOf(result: HubSpotContact): string[] {
  const primary = result.properties['email'];
  const all = [...(typeof primary === 'string' ? [primary] : []), ...splitList(result.properties[ADDITIONAL_EMAILS])];
  return [...new Set(all.map(normaliseEmail))];
}

/** Step 4: one single read per input the batch answered without saying so. */
async function readAlone(
  context: BatchContext,
  inputs: readonly string[],
  keys: ReadonlyMap<string, string[]>,
  kind: 'email' | 'id',
  properties: readonly string[],
  options: ReadOptions | undefined,
  answer: Map<string, StoredContact>,
): Promise<void> {
  for (const input of inputs) {
    const identity: Identity = kind === 'email' ? { kind, email: input } : { kind, contactId: input };
    const contact = await context.read(identity, properties, options);
    if (contact !== null) for (const key of keys.get(input) ?? []) answer.set(key, contact);
  }
}

async function readChunk(
  context: BatchContext,
  input: { idProperty?: string; inputs: { id: string }[]; properties: string[]; propertiesWithHistory: string[] },
): Promise<{ results: HubSpotContact[]; missing: Set<string> }> {
  const outcome = await context.send({ operation: 'batchRead', method: 'POST', path: context.paths.batchRead }, (o) =>
    context.batchApi.readWithHttpInfo(input, undefined, o),
  );
  if (!outcome.ok) throw context.fail(outcome.failure);
  // A 207 lists the misses in `errors` (OBJECT_NOT_FOUND, `context.ids`): they are simply not in the answer.
  const errors = 'errors' in outcome.data && Array.isArray(outcome.data.errors) ? outcome.data.errors : [];
  const missing = new Set<string>();
  for (const error of errors) {
    for (const id of error.context?.['ids'] ?? []) missing.add(input.idProperty === 'email' ? normaliseEmail(id) : id);
  }
  return { results: outcome.data.results, missing };
}

/** The caller's properties, and the helpers identity needs. */
function withAll(properties: readonly string[], helpers: readonly string[]): string[] {
  return [...new Set([...properties, ...helpers])];
}

/** The contact without the helper properties the caller did not ask for. */
function withoutHelpers(contact: StoredContact, asked: readonly string[]): StoredContact {
  const properties = { ...contact.properties };
  for (const helper of [MERGED_IDS, ADDITIONAL_EMAILS]) if (!asked.includes(helper)) delete properties[helper];
  return { ...contact, properties };
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

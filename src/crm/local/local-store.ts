import { normaliseEmail } from '../../identity.js';
import { CrmError } from '../../errors.js';
import { identityKey } from '../../identity.js';
import type { ContactStore, CreateResult, ReadOptions, StoredContact } from '../contact-store.js';
import type { Identity } from '../../identity.js';
import type { PropertyValues } from '../../properties/types.js';
import { createInChunks, updateInChunks, type ChunkCreated, type NormalisedCreate, type UpdateInput } from '../batch-chunks.js';
import { readChunkSize } from '../batch-limits.js';
import {
  conflictError,
  notFoundError,
  resolvePropertyTypes,
  validatePropertyValues,
  validationError,
  type PropertyTypes,
} from './value-rules.js';
import {
  emptySnapshot,
  loadSnapshot,
  recordWrite,
  saveSnapshot,
  toStoredContact,
  type LocalContactRecord,
  type LocalStoreSnapshot,
} from './local-store-file.js';

/**
 * The embedded contact store for local development and tests: no portal, no token, and the HubSpot behaviour the
 * service relies on — lookups by id or case-insensitive email, a create of a known email that answers the existing id
 * and writes nothing (HubSpot's 409), a 404 for an unknown id, writes validated as HubSpot validates them, property
 * history, batch creates answered per input (as HubSpot answers inputs with an `objectWriteTraceId`) and batch
 * updates refused whole by one invalid value.
 */

export interface LocalContactStoreOptions {
  /** JSON file that keeps the contacts between runs; in memory only when absent. */
  file?: string;
  /** Stamps `createdate`, `lastmodifieddate` and the versions of the history. */
  clock?: () => Date;
  /** Types that replace those of `PROPERTY_DEFINITIONS`, to simulate a portal provisioned differently. */
  propertyTypes?: PropertyTypes;
}

export interface LocalContactStore extends ContactStore {
  readonly kind: 'local';
  /**
   * Calls the store has answered, failed ones included (HubSpot counts those too), as HubSpot would count them: one
   * per single call, one per batch chunk, one per single-call fallback of a batch.
   */
  readonly calls: number;
}

type Contacts = Map<string, LocalContactRecord>;
type Checked = { ok: true; values: Record<string, string | null> } | { ok: false; error: CrmError };

/** Lifecycle stage a contact gets when the create does not set one. */
const DEFAULT_LIFECYCLE_STAGE = 'subscriber';

/**
 * Creates the local contact store, loading `file` when it exists.
 * @throws Error when `file` exists but is not a store file: better to stop than to overwrite someone's data.
 * @example const store = createLocalContactStore({ file: '.data/contacts.json' });
 */
export function createLocalContactStore(options: LocalContactStoreOptions = {}): LocalContactStore {
  const { file } = options;
  const clock = options.clock ?? (() => new Date());
  const types = resolvePropertyTypes(options.propertyTypes);
  const loaded = file === undefined ? emptySnapshot() : loadSnapshot(file);
  let contacts: Contacts = new Map(loaded.contacts.map((c) => [c.id, { properties: c.properties, history: c.history ?? {} }]));
  let lastId = loaded.lastId;
  let calls = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs writes one at a time, so each sees the previous one's result and the file is never written twice at once. */
  function exclusive<T>(write: () => Promise<T>): Promise<T> {
    const result = queue.then(write);
    queue = result.catch(() => undefined);
    return result;
  }

  /** Persists the next state, then adopts it: a failed save leaves memory as it was. */
  async function commit(next: Contacts, nextLastId: number): Promise<void> {
    if (file !== undefined) {
      const snapshot: LocalStoreSnapshot = {
        version: 1,
        lastId: nextLastId,
        contacts: [...next].map(([id, record]) => ({
          id,
          properties: { ...record.properties },
          history: Object.fromEntries(Object.entries(record.history).map(([name, versions]) => [name, [...versions]])),
        })),
      };
      try {
        await saveSnapshot(file, snapshot);
      } catch (cause) {
        throw new CrmError(`Local contact store could not write ${file}`, { status: 500, retryable: true, cause });
      }
    }
    contacts = next;
    lastId = nextLastId;
  }

  function idOfEmail(email: string, among: Contacts = contacts): string | undefined {
    const wanted = normaliseEmail(email);
    for (const [id, record] of among) {
      if (record.properties['email'] === wanted) return id;
    }
    return undefined;
  }

  /** HubSpot's checks of an update, against `among`: the id exists, every value is valid, the email is free. */
  function checkUpdate(id: string, properties: PropertyValues, among: Contacts): Checked {
    if (!among.has(id)) return { ok: false, error: notFoundError(id) };
    const checked = validatePropertyValues(properties, types);
    if (!checked.ok) return { ok: false, error: validationError(checked.issues) };
    const owner = checked.values['email'] == null ? undefined : idOfEmail(checked.values['email'], among);
    return owner !== undefined && owner !== id ? { ok: false, error: conflictError(owner) } : checked;
  }

  function find(identity: Identity): [string, LocalContactRecord] | undefined {
    const id = identity.kind === 'id' ? identity.contactId : idOfEmail(identity.email);
    const record = id === undefined ? undefined : contacts.get(id);
    return id === undefined || record === undefined ? undefined : [id, record];
  }

  async function read(identity: Identity, properties: readonly string[], options?: ReadOptions): Promise<StoredContact | null> {
    calls += 1;
    const found = find(identity);
    return found === undefined ? null : toStoredContact(found[0], found[1], properties, options);
  }

  function create(email: string, properties: PropertyValues): Promise<CreateResult> {
    calls += 1;
    return exclusive(async function createContact() {
      // 1. A known email is HubSpot's 409: answer the existing id, write nothing.
      const existing = idOfEmail(email);
      if (existing !== undefined) return { id: existing, created: false };
      // 2. Validate everything, the email included, before anything is written.
      const checked = validatePropertyValues({ lifecyclestage: DEFAULT_LIFECYCLE_STAGE, ...properties, email }, types);
      if (!checked.ok) throw validationError(checked.issues);
      // 3. Stamp, persist, adopt.
      const now = clock().toISOString();
      const id = String(lastId + 1);
      const record = recordWrite(undefined, checked.values, { createdate: now, lastmodifieddate: now }, now);
      await commit(new Map(contacts).set(id, record), lastId + 1);
      return { id, created: true };
    });
  }

  function update(id: string, properties: PropertyValues): Promise<void> {
    calls += 1;
    return exclusive(async function updateContact() {
      const checked = checkUpdate(id, properties, contacts);
      if (!checked.ok) throw checked.error;
      const now = clock().toISOString();
      const record = recordWrite(contacts.get(id), checked.values, { lastmodifieddate: now }, now);
      await commit(new Map(contacts).set(id, record), lastId);
    });
  }

  /**
   * One `batch/create` chunk, each input on its own as HubSpot answers inputs that carry an `objectWriteTraceId`:
   * an email that exists is answered with its id, an input with an invalid value is refused alone, the rest created.
   */
  function createChunk(chunk: readonly NormalisedCreate[]): Promise<ChunkCreated> {
    calls += 1;
    return exclusive(async function createContacts() {
      const created = new Map<string, string>();
      const existing = new Map<string, string>();
      const refused = new Map<string, CrmError>();
      const now = clock().toISOString();
      const next = new Map(contacts);
      for (const { normalised, properties } of chunk) {
        const owner = idOfEmail(normalised, next);
        if (owner !== undefined) {
          existing.set(normalised, owner);
          continue;
        }
        const checked = validatePropertyValues({ lifecyclestage: DEFAULT_LIFECYCLE_STAGE, ...properties, email: normalised }, types);
        if (!checked.ok) {
          refused.set(normalised, validationError(checked.issues));
          continue;
        }
        const id = String(lastId + created.size + 1);
        next.set(id, recordWrite(undefined, checked.values, { createdate: now, lastmodifieddate: now }, now));
        created.set(normalised, id);
      }
      if (created.size > 0) await commit(next, lastId + created.size);
      return { created, existing, refused };
    });
  }

  /**
   * One `batch/update` chunk. Unknown ids are per-item failures (HubSpot's 207) and the rest is written; any other
   * refusal (an invalid value, a taken email) refuses the whole chunk, writing nothing: answered `isolate` (a chunk
   * of one answers its refusal instead, as the HubSpot store does).
   */
  function updateChunk(chunk: readonly UpdateInput[]): Promise<Map<string, CrmError> | 'isolate'> {
    calls += 1;
    return exclusive(async function updateContacts() {
      const now = clock().toISOString();
      const next = new Map(contacts);
      const refused = new Map<string, CrmError>();
      for (const { id, properties } of chunk) {
        const checked = checkUpdate(id, properties, next);
        if (checked.ok) next.set(id, recordWrite(next.get(id), checked.values, { lastmodifieddate: now }, now));
        else if (checked.error.status === 404 || chunk.length === 1) refused.set(id, checked.error);
        else return 'isolate';
      }
      if (refused.size < chunk.length) await commit(next, lastId);
      return refused;
    });
  }

  return {
    kind: 'local',
    get calls() {
      return calls;
    },
    read,
    create,
    update,

    async readMany(identities, properties, options): Promise<Map<string, StoredContact>> {
      const emails = new Set(identities.flatMap((i) => (i.kind === 'email' ? [normaliseEmail(i.email)] : [])));
      const ids = new Set(identities.flatMap((i) => (i.kind === 'id' ? [i.contactId] : [])));
      // One call per chunk of each kind, as HubSpot counts them.
      const size = readChunkSize(options);
      calls += Math.ceil(emails.size / size) + Math.ceil(ids.size / size);
      const found = new Map<string, StoredContact>();
      for (const identity of identities) {
        const contact = find(identity);
        if (contact !== undefined) found.set(identityKey(identity), toStoredContact(contact[0], contact[1], properties, options));
      }
      return found;
    },

    createMany: (inputs) => createInChunks(inputs, createChunk, create),
    updateMany: (inputs) => updateInChunks(inputs, updateChunk, update),
  };
}

import { CrmError } from '../errors.js';
import type { ContactStore, CreateResult, Identity, PropertyValues, StoredContact } from './contact-store.js';
import {
  resolvePropertyTypes,
  validatePropertyValues,
  validationError,
  type PropertyTypes,
} from './local-property-validation.js';
import { emptySnapshot, loadSnapshot, saveSnapshot, type LocalStoreSnapshot } from './local-store-file.js';

/**
 * The embedded contact store for local development and tests: no portal, no token, and the HubSpot behaviour the
 * service relies on — lookups by id or case-insensitive email, a create of a known email that answers the existing id
 * and writes nothing (HubSpot's 409), a 404 for an unknown id, and writes validated as HubSpot validates them.
 */

export interface LocalContactStoreOptions {
  /** JSON file that keeps the contacts between runs; in memory only when absent. */
  file?: string;
  /** Stamps `createdate` and `lastmodifieddate`. */
  clock?: () => Date;
  /** Types that replace those of `PROPERTY_DEFINITIONS`, to simulate a portal provisioned differently. */
  propertyTypes?: PropertyTypes;
}

export interface LocalContactStore extends ContactStore {
  readonly kind: 'local';
  /** How many calls (`read`, `create`, `update`) the store has answered, failed ones included: HubSpot counts those too. */
  readonly calls: number;
}

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
  let contacts = new Map<string, Record<string, string>>(loaded.contacts.map((c) => [c.id, c.properties]));
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
  async function commit(next: Map<string, Record<string, string>>, nextLastId: number): Promise<void> {
    if (file !== undefined) {
      const snapshot: LocalStoreSnapshot = {
        version: 1,
        lastId: nextLastId,
        contacts: [...next].map(([id, properties]) => ({ id, properties })),
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

  function idOfEmail(email: string): string | undefined {
    const wanted = normaliseEmail(email);
    for (const [id, properties] of contacts) {
      if (properties.email === wanted) return id;
    }
    return undefined;
  }

  function validate(values: PropertyValues): Record<string, string | null> {
    const checked = validatePropertyValues(values, types);
    if (!checked.ok) throw validationError(checked.issues);
    return checked.values;
  }

  return {
    kind: 'local',
    get calls() {
      return calls;
    },

    async read(identity: Identity, properties: readonly string[]): Promise<StoredContact | null> {
      calls += 1;
      const id = identity.kind === 'id' ? identity.contactId : idOfEmail(identity.email);
      const stored = id === undefined ? undefined : contacts.get(id);
      if (id === undefined || stored === undefined) return null;
      const values: Record<string, string> = { ...stored, hs_object_id: id };
      return { id, properties: Object.fromEntries(properties.map((name) => [name, values[name] ?? null])) };
    },

    create(email: string, properties: PropertyValues): Promise<CreateResult> {
      calls += 1;
      return exclusive(async function createContact() {
        // 1. A known email is HubSpot's 409: answer the existing id, write nothing.
        const existing = idOfEmail(email);
        if (existing !== undefined) return { id: existing, created: false };
        // 2. Validate everything, the email included, before anything is written.
        const values = validate({ lifecyclestage: DEFAULT_LIFECYCLE_STAGE, ...properties, email });
        // 3. Stamp, persist, adopt.
        const now = clock().toISOString();
        const id = String(lastId + 1);
        const record = withoutCleared({ ...values, createdate: now, lastmodifieddate: now });
        await commit(new Map(contacts).set(id, record), lastId + 1);
        return { id, created: true };
      });
    },

    update(id: string, properties: PropertyValues): Promise<void> {
      calls += 1;
      return exclusive(async function updateContact() {
        const current = contacts.get(id);
        if (current === undefined) {
          throw new CrmError(`Contact ${id} does not exist`, { status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
        }
        const values = validate(properties);
        const owner = values.email == null ? undefined : idOfEmail(values.email);
        if (owner !== undefined && owner !== id) {
          throw new CrmError(`Contact already exists. Existing ID: ${owner}`, { status: 409, retryable: false, category: 'CONFLICT' });
        }
        const record = withoutCleared({ ...current, ...values, lastmodifieddate: clock().toISOString() });
        await commit(new Map(contacts).set(id, record), lastId);
      });
    },
  };
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** HubSpot stores a cleared (`""`) property as no value at all. */
function withoutCleared(values: Record<string, string | null>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null) kept[name] = value;
  }
  return kept;
}

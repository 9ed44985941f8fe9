import type { ContactStore, CreateResult, ReadOptions, StoredContact } from '../../src/crm/contact-store.js';
import type { Identity } from '../../src/identity.js';
import type { PropertyValues } from '../../src/properties/types.js';
import { resolvePropertyTypes, validatePropertyValues, type ValidationIssue } from '../../src/crm/local/value-rules.js';
import { createLocalContactStore, type LocalContactStore } from '../../src/crm/local/local-store.js';
import { NOW } from '../helpers/app-fixture.js';

/** One write the handler asked the store for, with what HubSpot's rules say of its values. */
export interface RecordedWrite {
  kind: 'create' | 'update';
  /** The email of a create; the contact id of an update. */
  target: string;
  values: PropertyValues;
  /** Issues HubSpot's value rules find in `values`; empty for a write HubSpot accepts. */
  issues: ValidationIssue[];
}

export interface RecordingStore extends ContactStore {
  readonly inner: LocalContactStore;
  readonly writes: RecordedWrite[];
  /** Every error the store answered, by call. */
  readonly errors: { call: Call; error: unknown }[];
}

type Call = 'read' | 'create' | 'update' | 'readMany' | 'createMany' | 'updateMany';

const TYPES = resolvePropertyTypes();

/**
 * The in-memory local store (which validates writes as HubSpot does), wrapped so a test can see every write and
 * every error: a hostile request must never make the handler send a value HubSpot would refuse.
 */
export function createRecordingStore(inner: LocalContactStore = createLocalContactStore({ clock: () => NOW })): RecordingStore {
  const writes: RecordedWrite[] = [];
  const errors: RecordingStore['errors'] = [];

  async function recorded<T>(call: Call, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      errors.push({ call, error });
      throw error;
    }
  }

  function check(kind: RecordedWrite['kind'], target: string, values: PropertyValues, extra: PropertyValues = {}): void {
    const checked = validatePropertyValues({ ...values, ...extra }, TYPES);
    writes.push({ kind, target, values, issues: checked.ok ? [] : checked.issues });
  }

  return {
    kind: 'local',
    inner,
    writes,
    errors,
    get calls() {
      return inner.calls;
    },
    read(identity: Identity, properties: readonly string[], options?: ReadOptions): Promise<StoredContact | null> {
      return recorded('read', () => inner.read(identity, properties, options));
    },
    create(email: string, properties: PropertyValues): Promise<CreateResult> {
      check('create', email, properties, { email });
      return recorded('create', () => inner.create(email, properties));
    },
    update(id: string, properties: PropertyValues): Promise<void> {
      check('update', id, properties);
      return recorded('update', () => inner.update(id, properties));
    },
    readMany(identities, properties, options) {
      return recorded('readMany', () => inner.readMany(identities, properties, options));
    },
    createMany(inputs) {
      for (const input of inputs) check('create', input.email, input.properties, { email: input.email });
      return recorded('createMany', () => inner.createMany(inputs));
    },
    updateMany(inputs) {
      for (const input of inputs) check('update', input.id, input.properties);
      return recorded('updateMany', () => inner.updateMany(inputs));
    },
  };
}

import { withVersion } from '../../src/crm/local/property-history.js';
/**
 * The simulator's contacts, in memory: current values, every property's versions (newest first, capped), and an
 * index of normalised emails. Every method is synchronous, so a write the pipeline applies is atomic.
 */

/** One version of a property, as `propertiesWithHistory` answers it. */
export interface PropertyVersion {
  readonly value: string;
  /** ISO-8601 instant of the write. */
  readonly timestamp: string;
  readonly sourceType: 'INTEGRATION';
  readonly sourceId: string;
}

export interface SimContact {
  readonly id: string;
  readonly createdAt: number;
  /** Epoch ms of the last write; search finds the contact only `searchLagMs` after it. */
  updatedAt: number;
  /** Current values; a cleared property has none. */
  readonly values: Map<string, string>;
  readonly history: Map<string, PropertyVersion[]>;
}

/** A contact as `contacts()` and `GET /__sim/contacts` show it: a copy, safe to keep. */
export interface ContactSnapshot {
  id: string;
  createdAt: string;
  updatedAt: string;
  properties: Record<string, string>;
  history: Record<string, PropertyVersion[]>;
}

/** Values checked by the validation rules: `null` clears a property. */
export type CheckedValues = Readonly<Record<string, string | null>>;

export interface HistorySettings {
  readonly maxHistory: number;
  readonly sourceId: string;
}

/** HubSpot contact ids are numeric strings; start high enough to look like one. */
const FIRST_ID = 100_001;

export class ContactHistoryStore {
  private readonly contacts = new Map<string, SimContact>();
  private readonly idByEmail = new Map<string, string>();
  private nextId = FIRST_ID;

  /** `settings` is read on every write, so a reconfigured cap applies from the next write on. */
  constructor(private readonly settings: () => HistorySettings) {}

  get(id: string): SimContact | undefined {
    return this.contacts.get(id);
  }

  /** The id of the contact with this email, compared trimmed and case-insensitively. */
  idOfEmail(email: string): string | undefined {
    return this.idByEmail.get(normaliseEmail(email));
  }

  getByEmail(email: string): SimContact | undefined {
    const id = this.idOfEmail(email);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  all(): SimContact[] {
    return [...this.contacts.values()];
  }

  /** Creates a contact with these values; the caller has checked them and that the email is free. */
  create(values: CheckedValues, at: number): SimContact {
    const contact: SimContact = { id: String(this.nextId), createdAt: at, updatedAt: at, values: new Map(), history: new Map() };
    this.nextId += 1;
    this.contacts.set(contact.id, contact);
    this.write(contact, values, at);
    return contact;
  }

  /** Overwrites the values sent and leaves the others; the caller has checked the values and that the id exists. */
  update(id: string, values: CheckedValues, at: number): SimContact {
    const contact = this.contacts.get(id);
    if (contact === undefined) throw new Error(`No contact ${id}: check it exists before updating`);
    this.write(contact, values, at);
    return contact;
  }

  snapshot(): ContactSnapshot[] {
    return this.all().map((contact) => ({
      id: contact.id,
      createdAt: new Date(contact.createdAt).toISOString(),
      updatedAt: new Date(contact.updatedAt).toISOString(),
      properties: Object.fromEntries(contact.values),
      history: Object.fromEntries([...contact.history].map(([name, versions]) => [name, [...versions]])),
    }));
  }

  clear(): void {
    this.contacts.clear();
    this.idByEmail.clear();
    this.nextId = FIRST_ID;
  }

  private write(contact: SimContact, values: CheckedValues, at: number): void {
    const { maxHistory, sourceId } = this.settings();
    const timestamp = new Date(at).toISOString();
    for (const [name, value] of Object.entries(values)) {
      if (name === 'email') this.reindexEmail(contact, value);
      if (value === null) contact.values.delete(name);
      else contact.values.set(name, value);
      // The doubles' one history rule (src/crm/local/property-history.ts): every write adds a version.
      const version = { value: value ?? '', timestamp, sourceType: 'INTEGRATION' as const, sourceId };
      contact.history.set(name, withVersion(contact.history.get(name) ?? [], version, maxHistory));
    }
    contact.updatedAt = at;
  }

  private reindexEmail(contact: SimContact, email: string | null): void {
    const previous = contact.values.get('email');
    if (previous !== undefined && this.idByEmail.get(previous) === contact.id) this.idByEmail.delete(previous);
    if (email !== null) this.idByEmail.set(normaliseEmail(email), contact.id);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

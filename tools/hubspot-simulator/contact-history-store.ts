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
  readonly sameValueWrite: 'append' | 'ignore';
}

/** Set by HubSpot from merges and secondary addresses; readable, never written through the object endpoints. */
export const MERGED_IDS = 'hs_merged_object_ids';
export const MERGED_VIDS = 'hs_calculated_merged_vids';
export const ADDITIONAL_EMAILS = 'hs_additional_emails';

/** HubSpot contact ids are numeric strings; start high enough to look like one. */
const FIRST_ID = 100_001;

export class ContactHistoryStore {
  private readonly contacts = new Map<string, SimContact>();
  private readonly idByEmail = new Map<string, string>();
  /** Additional (secondary) emails → contact id. */
  private readonly idByAdditionalEmail = new Map<string, string>();
  /** Merged-away ids → the id they resolve to (possibly merged again later: follow the chain). */
  private readonly mergedInto = new Map<string, string>();
  private nextId = FIRST_ID;

  /** `settings` is read on every write, so a reconfigured cap applies from the next write on. */
  constructor(private readonly settings: () => HistorySettings) {}

  /** The contact with this id, following merges: a merged-away id resolves to the merged record. */
  get(id: string): SimContact | undefined {
    return this.contacts.get(this.resolve(id));
  }

  /** The contact that still has this very id; a merged-away id finds nothing. */
  getExact(id: string): SimContact | undefined {
    return this.contacts.get(id);
  }

  /** Whether `id` names a contact only through a merge. */
  isMergedAway(id: string): boolean {
    return !this.contacts.has(id) && this.mergedInto.has(id);
  }

  /** The id of the contact with this email (primary, or also additional when asked), trimmed and case-insensitive. */
  idOfEmail(email: string, additional = true): string | undefined {
    const key = normaliseEmail(email);
    return this.idByEmail.get(key) ?? (additional ? this.idByAdditionalEmail.get(key) : undefined);
  }

  getByEmail(email: string, additional = true): SimContact | undefined {
    const id = this.idOfEmail(email, additional);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  /** Adds a secondary email to a contact (`hs_additional_emails`, `;`-separated). */
  addAdditionalEmail(id: string, email: string): SimContact {
    const contact = this.get(id);
    if (contact === undefined) throw new Error(`No contact ${id}`);
    const key = normaliseEmail(email);
    const owner = this.idOfEmail(key);
    if (owner !== undefined && owner !== contact.id) throw new Error(`${key} belongs to contact ${owner}`);
    if (contact.values.get('email') === key) return contact;
    const emails = additionalEmailsOf(contact);
    if (!emails.includes(key)) contact.values.set(ADDITIONAL_EMAILS, [...emails, key].join(';'));
    this.idByAdditionalEmail.set(key, contact.id);
    return contact;
  }

  /**
   * Merges `secondaryId` into `primaryId`, as HubSpot does: the record keeps the primary's values (the secondary's
   * fill the ones it lacks) and the versions of both; the secondary's emails become additional emails;
   * `hs_merged_object_ids` lists the ids merged away. With `new-id` the record gets a new id and both old ids resolve
   * to it; with `keep-primary-id` the primary keeps its id. Answers the merged record.
   */
  merge(primaryId: string, secondaryId: string, at: number, mode: 'new-id' | 'keep-primary-id'): SimContact {
    const primary = this.get(primaryId);
    const secondary = this.get(secondaryId);
    if (primary === undefined || secondary === undefined) throw new Error(`No contact ${primary === undefined ? primaryId : secondaryId}`);
    if (primary.id === secondary.id) throw new Error('A contact cannot be merged into itself');
    const id = mode === 'new-id' ? String(this.nextId++) : primary.id;
    const values = new Map(secondary.values);
    for (const [name, value] of primary.values) values.set(name, value);
    const history = new Map<string, PropertyVersion[]>();
    for (const name of new Set([...primary.history.keys(), ...secondary.history.keys()])) {
      const versions = [...(primary.history.get(name) ?? []), ...(secondary.history.get(name) ?? [])];
      versions.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
      history.set(name, versions.slice(0, this.settings().maxHistory));
    }
    const merged: SimContact = { id, createdAt: Math.min(primary.createdAt, secondary.createdAt), updatedAt: at, values, history };
    const gone = mode === 'new-id' ? [primary.id, secondary.id] : [secondary.id];
    const mergedIds = [...new Set([...splitList(primary.values.get(MERGED_IDS)), ...splitList(secondary.values.get(MERGED_IDS)), ...gone])];
    values.set(MERGED_IDS, mergedIds.join(';'));
    const vids = [...splitList(primary.values.get(MERGED_VIDS)), ...splitList(secondary.values.get(MERGED_VIDS)), ...gone.map((g) => `${g}:${at}`)];
    values.set(MERGED_VIDS, vids.join(';'));
    for (const old of [primary, secondary]) {
      this.contacts.delete(old.id);
      for (const [email, owner] of [...this.idByEmail, ...this.idByAdditionalEmail]) {
        if (owner === old.id) {
          this.idByEmail.delete(email);
          this.idByAdditionalEmail.delete(email);
        }
      }
    }
    for (const g of gone) this.mergedInto.set(g, id);
    this.contacts.set(id, merged);
    const primaryEmail = primary.values.get('email') ?? secondary.values.get('email');
    values.delete(ADDITIONAL_EMAILS);
    if (primaryEmail !== undefined) {
      values.set('email', primaryEmail);
      this.idByEmail.set(normaliseEmail(primaryEmail), id);
    }
    const others = [secondary.values.get('email'), ...additionalEmailsOf(primary), ...additionalEmailsOf(secondary)];
    for (const email of others) if (email !== undefined && normaliseEmail(email) !== primaryEmail) this.addAdditionalEmail(id, email);
    return merged;
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

  /**
   * Deletes a contact for good (HubSpot's GDPR delete): its id and emails are forgotten, so a later create with the
   * same email makes a new contact. Answers whether there was one.
   */
  purge(id: string): boolean {
    const contact = this.get(id);
    if (contact === undefined) return false;
    this.contacts.delete(contact.id);
    for (const index of [this.idByEmail, this.idByAdditionalEmail]) {
      for (const [email, owner] of [...index]) if (owner === contact.id) index.delete(email);
    }
    for (const [old, target] of [...this.mergedInto]) if (target === contact.id) this.mergedInto.delete(old);
    return true;
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
    this.idByAdditionalEmail.clear();
    this.mergedInto.clear();
    this.nextId = FIRST_ID;
  }

  private resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 100 && !this.contacts.has(current); hops += 1) {
      const next = this.mergedInto.get(current);
      if (next === undefined) break;
      current = next;
    }
    return current;
  }

  private write(contact: SimContact, values: CheckedValues, at: number): void {
    const { maxHistory, sourceId, sameValueWrite } = this.settings();
    const timestamp = new Date(at).toISOString();
    for (const [name, value] of Object.entries(values)) {
      if (name === 'email') this.reindexEmail(contact, value);
      const unchanged = (contact.values.get(name) ?? '') === (value ?? '');
      if (value === null) contact.values.delete(name);
      else contact.values.set(name, value);
      // The doubles' one history rule (src/crm/local/property-history.ts): every write adds a version, unless the
      // simulator is told that rewriting the current value adds none (HubSpot documents neither).
      if (unchanged && sameValueWrite === 'ignore' && contact.history.has(name)) continue;
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

/** A contact's additional emails, as stored. */
export function additionalEmailsOf(contact: SimContact): string[] {
  return splitList(contact.values.get(ADDITIONAL_EMAILS));
}

/** A `;`-separated multi-value, trimmed, empties dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

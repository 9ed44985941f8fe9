import type { CrmError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { PropertyValues, StoredValues } from '../properties/types.js';
import type { RateBudget } from './rate-budget.js';


/**
 * The contact store: HubSpot, or the embedded local store, behind one interface.
 * Each single method is exactly one HubSpot call; each batch method one call per chunk (100 inputs, 50 when history
 * is asked for), so the service can count and budget them.
 */

/** One earlier value of a property, as `propertiesWithHistory` returns it (newest first). */
export interface PropertyVersion {
  value: string;
  /** ISO-8601 instant of the write. */
  timestamp: string;
}

export interface StoredContact {
  id: string;
  /** Values of the requested properties; `null` or absent when empty. */
  properties: StoredValues;
  /** Versions of the properties asked for with `history`, newest first (the current value included). */
  history?: Record<string, PropertyVersion[]>;
}

export interface CreateResult {
  id: string;
  /** False when the contact already existed (HubSpot's 409); then nothing was written. */
  created: boolean;
}

/** What `createMany` made of its inputs. */
export interface CreateManyOutcome {
  /** Each email created or found existing (HubSpot's 409, per input), as the caller spelled it. */
  readonly created: Map<string, CreateResult>;
  /** Emails HubSpot refused on their own (an invalid address, a required property missing…), with why. */
  readonly failed: Map<string, CrmError>;
}

export interface ReadOptions {
  /** Properties whose earlier versions to return too (`propertiesWithHistory`). */
  history?: readonly string[];
}

export interface ContactStore {
  /** Short name for logs and health: `hubspot` or `local`. */
  readonly kind: string;
  /** Calls made since the store was created (failed ones included: HubSpot counts those too). */
  readonly calls: number;
  /** HubSpot's limits as its answers show them; none for a store without limits (the embedded one). */
  readonly budget?: RateBudget;
  /** Reads one contact by id or by email; `null` when there is none. */
  read(identity: Identity, properties: readonly string[], options?: ReadOptions): Promise<StoredContact | null>;
  /**
   * Creates a contact with the email and the given properties. When a contact with that email already exists it
   * writes nothing and answers its id with `created: false`.
   */
  create(email: string, properties: PropertyValues): Promise<CreateResult>;
  /** Overwrites the given properties of the contact with this id. */
  update(id: string, properties: PropertyValues): Promise<void>;

  /**
   * Reads many contacts: by email (`idProperty=email`) and by id, one call per chunk of each kind. The answer maps
   * {@link identityKey} to the contact; identities with no contact are absent. Throws CrmError when a call fails.
   */
  readMany(identities: readonly Identity[], properties: readonly string[], options?: ReadOptions): Promise<Map<string, StoredContact>>;
  /**
   * Creates many contacts (distinct emails), 409-safe: an email that already exists (or is created by someone else
   * meanwhile) comes back with its existing id and `created: false`, and nothing is written to it. Each input stands
   * alone: one HubSpot refuses (an invalid address) is answered in `failed` and the others are created. Throws
   * CrmError when a call fails as a whole for a reason that is not the inputs' (429, 5xx, timeout, 401, 403).
   */
  createMany(inputs: readonly { email: string; properties: PropertyValues }[]): Promise<CreateManyOutcome>;
  /**
   * Updates many contacts by id (distinct ids). The answer lists the ids whose update failed, with why; an id not
   * listed was written (to the record it was merged into, when it was: HubSpot writes that one). An id merged away
   * whose write HubSpot refused fails with category `MERGED` and `mergedInto`: read the learner again, then write.
   * Throws CrmError when a call fails as a whole for a retryable reason (429, 5xx, timeout).
   */
  updateMany(inputs: readonly { id: string; properties: PropertyValues }[]): Promise<{ failed: Map<string, CrmError> }>;
}

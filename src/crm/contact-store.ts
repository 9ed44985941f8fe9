/**
 * The contact store: HubSpot, or the embedded local store, behind one interface.
 * Each method is exactly one HubSpot call, so the service can count and budget them.
 */

/** Who the learner is: a contact id when the page knows it, else the normalised email. */
export type Identity = { kind: 'id'; contactId: string } | { kind: 'email'; email: string };

/** Property values as they travel on the wire: strings. */
export type PropertyValues = Record<string, string>;

export interface StoredContact {
  id: string;
  /** Values of the requested properties; `null` or absent when empty. */
  properties: Record<string, string | null | undefined>;
}

export interface CreateResult {
  id: string;
  /** False when the contact already existed (HubSpot's 409); then nothing was written. */
  created: boolean;
}

export interface ContactStore {
  /** Short name for logs and health: `hubspot` or `local`. */
  readonly kind: string;
  /** Calls made since the store was created (failed ones included: HubSpot counts those too). */
  readonly calls: number;
  /** Reads one contact by id or by email; `null` when there is none. */
  read(identity: Identity, properties: readonly string[]): Promise<StoredContact | null>;
  /**
   * Creates a contact with the email and the given properties. When a contact with that email already exists it
   * writes nothing and answers its id with `created: false`.
   */
  create(email: string, properties: PropertyValues): Promise<CreateResult>;
  /** Overwrites the given properties of the contact with this id. */
  update(id: string, properties: PropertyValues): Promise<void>;
}

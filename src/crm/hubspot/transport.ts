import type { CrmError } from '../../errors.js';
import type { CreateResult, ReadOptions, StoredContact } from '../contact-store.js';
import type { Identity } from '../../identity.js';
import type { ContactPaths } from './api-version.js';
import type { PropertyValues } from '../../properties/types.js';
import type { ContactsBatchApi, ContactsCallOptions } from './contacts-api.js';
import type { HubSpotFailure } from './hubspot-error.js';

/**
 * What the HubSpot store lends its batch methods: the batch API, its one way of sending a request (timeout, call
 * count, `onCall` report), its error mapping, and its single create and update for the one-by-one fallbacks.
 */

export type HubSpotOperation = 'read' | 'create' | 'update' | 'batchRead' | 'batchCreate' | 'batchUpdate' | 'search' | 'readDefinitions';

/** One HTTP request as it is reported: no property list, no email. */
export interface HubSpotRequest {
  readonly operation: HubSpotOperation;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; failure: HubSpotFailure };

/** Starts one client call with the per-call options (the store's middleware). */
export type Run<T> = (options: ContactsCallOptions) => Promise<{ httpStatusCode: number; data: T }>;

/** Sends one request: counts it, applies the timeout, reports it; never throws. */
export type Send = <T>(request: HubSpotRequest, run: Run<T>) => Promise<Outcome<T>>;

export interface BatchContext {
  readonly batchApi: ContactsBatchApi;
  /** The paths of the API version in use, for reporting. */
  readonly paths: ContactPaths;
  readonly send: Send;
  /** Text never to put in a message (the token). */
  readonly secrets: readonly string[];
  /** Maps a failure to the CrmError the caller sees (token masked). */
  readonly fail: (failure: HubSpotFailure) => CrmError;
  /** The store's single create: one call, 409 → `{ id, created: false }`. */
  readonly create: (email: string, properties: PropertyValues) => Promise<CreateResult>;
  /** The store's single update: one call. */
  readonly update: (id: string, properties: PropertyValues) => Promise<void>;
  /** The store's single read: one call; `null` for a 404. */
  readonly read: (identity: Identity, properties: readonly string[], options?: ReadOptions) => Promise<StoredContact | null>;
}

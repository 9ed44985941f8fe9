import type { CrmError } from '../../errors.js';
import type { ContactScanner } from '../contact-scanner.js';
import type { ContactStore, CreateResult, ReadOptions, StoredContact } from '../contact-store.js';
import type { Identity } from '../../identity.js';
import type { PropertyValues } from '../../properties/types.js';
import { batchCreate } from './batch-create.js';
import { batchRead, toStoredContact } from './batch-read.js';
import { type BatchContext, type HubSpotRequest, type Outcome, type Run } from './transport.js';
import { contactPaths, type HubSpotApiVersion } from './api-version.js';
import { RateBudget } from '../rate-budget.js';
import { batchUpdate } from './batch-update.js';
import {
  describeFailure,
  existingContactId,
  toCrmError,
  type HubSpotAnswer,
  type HubSpotFailure,
} from './hubspot-error.js';
import {
  type ContactsApi,
  type ContactsBatchApi,
  type ContactsCallOptions,
  type ContactsSearchApi,
  createContactsApi,
  createContactsBatchApi,
  createContactsSearchApi,
} from './contacts-api.js';
import { searchPage } from './search.js';
import type { PropertiesBatchApi } from './properties-api.js';
import type { PropertySchemaReader } from '../property-schema.js';
import type { PropertyType } from '../../properties/types.js';
import { withTimeout } from './with-timeout.js';

/**
 * The HubSpot contact store, on the official client `@hubspot/api-client`: its generated contacts APIs built directly
 * (`contacts-api.ts`), so no retry decorator is installed (a 10-secondly 429 would make a waiting learner sleep
 * 10 s × attempt). Every single method makes exactly one HTTP request, every batch method one per chunk (plus the
 * one-by-one fallbacks its TSDoc prices), each under the `timeoutMs` budget; the caller decides what to do with a
 * retryable {@link CrmError}.
 */

/**
 * One HTTP request to HubSpot, reported to {@link HubSpotStoreOptions.onCall} when it ends. `path` has no property
 * list, and an email appears as `{email}`, so the log holds no address.
 */
export interface HubSpotCall extends HubSpotRequest {
  /** HTTP status; `undefined` when HubSpot did not answer (timeout, network error). */
  readonly status: number | undefined;
  /** Wall time until the answer was parsed, or until the call gave up. */
  readonly ms: number;
}

export interface HubSpotStoreOptions {
  /** Service key or private app token; sent as `Authorization: Bearer …`, never put in a message. */
  readonly token: string;
  /** `https://api.hubapi.com`, or a test server. */
  readonly baseUrl: string;
  /** `v3` (default) or a date-based version such as `2026-09` (`HUBSPOT_API_VERSION`). */
  readonly apiVersion?: HubSpotApiVersion;
  /** What the store learns of HubSpot's limits from its answers; built from the two settings below by default. */
  readonly budget?: RateBudget;
  /** Calls the direct path leaves in HubSpot's 10-second window (`HUBSPOT_WINDOW_RESERVE`); 0 by default. */
  readonly windowReserve?: number;
  /** The account's time zone, whose midnight resets the daily limit (`HUBSPOT_ACCOUNT_TIME_ZONE`). */
  readonly accountTimeZone?: string;
  /** Per-request budget; past it the call fails with a retryable `CrmError`. */
  readonly timeoutMs: number;
  /**
   * The contacts API to use (`client.crm.contacts.basicApi` of a `Client` built with `numberOfApiCallRetries: 0` and
   * no `limiterOptions`). By default it is built from the contacts part of the official client alone.
   */
  readonly contactsApi?: ContactsApi;
  /** The contacts batch API (`client.crm.contacts.batchApi`, same conditions); built like `contactsApi` by default. */
  readonly batchApi?: ContactsBatchApi;
  /** Told about every request (method, path, status, latency), e.g. to log it. Errors it throws are ignored. */
  readonly onCall?: (call: HubSpotCall) => void;
  /** The contacts search API (`client.crm.contacts.searchApi`, same conditions), for `scan`; built by default. */
  readonly searchApi?: ContactsSearchApi;
  /**
   * The properties batch API (`properties-api.ts`): with it the store can read the portal's definitions
   * (`readPropertyTypes`, one call). The bulk jobs give it; the Lambdas do not (they learn from answers).
   */
  readonly propertiesApi?: PropertiesBatchApi;
  /**
   * Awaited before every request, fallbacks of batch methods included: the bulk jobs pace their calls with it (a rate
   * governor). The request path never sets it: a learner does not wait for a token bucket.
   */
  readonly beforeCall?: (request: HubSpotRequest) => Promise<void>;
}

export interface HubSpotContactStore extends ContactStore, ContactScanner, Partial<PropertySchemaReader> {
  readonly kind: 'hubspot';
  /** HTTP requests attempted by this store since it was created (process lifetime, not per request). */
  readonly calls: number;
  /** HubSpot's limits as its answers show them (`X-HubSpot-RateLimit-*`, 429s). */
  readonly budget: RateBudget;
}

type Middleware = NonNullable<ContactsCallOptions['middleware']>[number];

/**
 * Creates the HubSpot {@link ContactStore}. Build it once per process (the Lambda entry point does).
 * @example
 * const store = createHubSpotStore({ token, baseUrl: config.hubspot.baseUrl, timeoutMs: config.hubspot.timeoutMs,
 *   onCall: (call) => logger.info('hubspot call', { ...call }) });
 */
export function createHubSpotStore(options: HubSpotStoreOptions): HubSpotContactStore {
  const { token, timeoutMs, onCall } = options;
  // numberOfApiCallRetries is the total number of attempts; 0 installs no retry decorator at all.
  // Built now, not lazily: the client decorates an API (retries, limiter) from a process-wide singleton when it is
  // built, so a `new Client({ numberOfApiCallRetries: 3 })` elsewhere later must not find ours still unbuilt.
  const apiVersion = options.apiVersion ?? 'v3';
  const paths = contactPaths(apiVersion);
  const budget =
    options.budget ??
    new RateBudget({
      ...(options.windowReserve === undefined ? {} : { reserve: options.windowReserve }),
      ...(options.accountTimeZone === undefined ? {} : { accountTimeZone: options.accountTimeZone }),
    });
  const apiConfig = { accessToken: token, basePath: options.baseUrl, apiVersion };
  const contacts: ContactsApi = options.contactsApi ?? createContactsApi(apiConfig);
  const batchApi: ContactsBatchApi = options.batchApi ?? createContactsBatchApi(apiConfig);
  const searchApi: ContactsSearchApi = options.searchApi ?? createContactsSearchApi(apiConfig);
  let calls = 0;

  /** Runs one request with the timeout, observes its status, reports it, and never throws. */
  async function send<T>(request: HubSpotRequest, run: Run<T>): Promise<Outcome<T>> {
    await options.beforeCall?.(request);
    calls += 1;
    const seq = budget.begin();
    let answer: HubSpotAnswer | undefined;
    const observeAnswer: Middleware = {
      pre: async (context) => context,
      post: async (context) => {
        answer = { status: context.httpStatusCode, headers: context.headers };
        return context;
      },
    };
    const started = performance.now();
    try {
      const work = run({ middleware: [observeAnswer], middlewareMergeStrategy: 'append' });
      const info = await withTimeout(work, timeoutMs);
      budget.observe(seq, answer?.status ?? info.httpStatusCode, lowerCase(answer?.headers));
      report(request, info.httpStatusCode, started);
      return { ok: true, data: info.data };
    } catch (error) {
      const failure = describeFailure(error, answer);
      if (failure.status !== undefined) budget.observe(seq, failure.status, failure.headers, failure.body);
      report(request, failure.status, started);
      return { ok: false, failure };
    }
  }

  function lowerCase(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
    return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  }

  function report(request: HubSpotRequest, status: number | undefined, started: number): void {
    try {
      onCall?.({ ...request, status, ms: Math.round(performance.now() - started) });
    } catch {
      // Logging must never fail a learner's request.
    }
  }

  function fail(failure: HubSpotFailure): CrmError {
    return toCrmError(failure, [token]);
  }

  async function read(identity: Identity, properties: readonly string[], options?: ReadOptions): Promise<StoredContact | null> {
    const byEmail = identity.kind === 'email';
    const key = byEmail ? identity.email : identity.contactId;
    const idProperty = byEmail ? 'email' : undefined;
    const history = options?.history !== undefined && options.history.length > 0 ? [...options.history] : undefined;
    const path = byEmail ? `${paths.contacts}/{email}?idProperty=email` : `${paths.contacts}/${encodeURIComponent(key)}`;
    // The client URL-encodes the path segment itself; passing it encoded would encode it twice.
    const outcome = await send({ operation: 'read', method: 'GET', path }, (o) =>
      contacts.getByIdWithHttpInfo(key, [...properties], history, undefined, undefined, idProperty, o),
    );
    if (outcome.ok) return toStoredContact(outcome.data);
    if (outcome.failure.status === 404) return null;
    throw fail(outcome.failure);
  }

  async function create(email: string, properties: PropertyValues): Promise<CreateResult> {
    const input = { properties: { lifecyclestage: 'lead', ...properties, email } };
    const outcome = await send({ operation: 'create', method: 'POST', path: paths.contacts }, (o) =>
      contacts.createWithHttpInfo(input, o),
    );
    if (outcome.ok) return { id: outcome.data.id, created: true };
    if (outcome.failure.status !== 409) throw fail(outcome.failure);
    // A 409 names the contact that already has this email, mostly; when it does not, one read by email does.
    const existingId = existingContactId(outcome.failure.body);
    if (existingId !== undefined) return { id: existingId, created: false };
    const existing = await read({ kind: 'email', email }, ['email']);
    if (existing !== null) return { id: existing.id, created: false };
    throw fail(outcome.failure);
  }

  async function update(id: string, properties: PropertyValues): Promise<void> {
    const path = `${paths.contacts}/${encodeURIComponent(id)}`;
    const outcome = await send({ operation: 'update', method: 'PATCH', path }, (o) =>
      contacts.updateWithHttpInfo(id, { properties: { ...properties } }, undefined, o),
    );
    if (!outcome.ok) throw fail(outcome.failure);
  }

  const batch: BatchContext = { batchApi, paths, send, fail, secrets: [token], create, update, read };
  const propertiesApi = options.propertiesApi;

  /** `POST /crm/v3/properties/contacts/batch/read`: the types of the named properties the portal has. */
  async function readPropertyTypes(names: readonly string[]): Promise<Map<string, PropertyType>> {
    if (propertiesApi === undefined) throw new Error('This store was built without the properties API');
    const input = { archived: false, inputs: names.map((name) => ({ name })) };
    // The per-call options are the contacts API's kind, which the properties API does not take: it goes without (its
    // failures still carry status, body and headers).
    const outcome = await send({ operation: 'readDefinitions', method: 'POST', path: paths.propertiesBatchRead }, () =>
      propertiesApi.readWithHttpInfo('contacts', input),
    );
    if (!outcome.ok) throw fail(outcome.failure);
    // A 207 names the missing ones in `errors`; whatever has no result is missing either way.
    const types = new Map<string, PropertyType>();
    for (const result of outcome.data.results) if (isPropertyType(result.type)) types.set(result.name, result.type);
    return types;
  }

  return {
    kind: 'hubspot',
    get calls() {
      return calls;
    },
    budget,
    read,
    create,
    update,
    readMany: (identities, properties, readOptions) => batchRead(batch, identities, properties, readOptions),
    createMany: (inputs) => batchCreate(batch, inputs),
    updateMany: (inputs) => batchUpdate(batch, inputs),
    scan: (request) => searchPage({ searchApi, paths, send, fail }, request),
    ...(propertiesApi === undefined ? {} : { readPropertyTypes }),
  };
}

const PROPERTY_TYPES: readonly string[] = ['string', 'number', 'date', 'datetime', 'enumeration'];

function isPropertyType(type: string): type is PropertyType {
  return PROPERTY_TYPES.includes(type);
}

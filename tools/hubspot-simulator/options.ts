import { z } from 'zod';

/**
 * The simulator's settings: one zod schema for every way they arrive (the function's options, `configure()`,
 * `POST /__sim/configure`, the CLI), HubSpot's numbers as defaults, and a bad value failing with every bad key named.
 */

const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration'] as const;

const burst429Schema = z
  .object({
    /** A burst starts on request N, 2N, 3N… (counted over the requests HubSpot would count). */
    everyNthRequest: z.number().int().min(1),
    /** How many answers in a row each burst turns into 429s. */
    length: z.number().int().min(1),
  })
  .strict();

/** Every setting, each optional: what `startHubSpotSimulator` and `configure` accept. */
export const simulatorSettingsSchema = z
  .object({
    /** 0 picks a free port. */
    port: z.number().int().min(0).max(65_535),
    host: z.string().min(1),
    /** When set, only `Authorization: Bearer <token>` is accepted; otherwise any bearer token is. */
    token: z.string().min(1).nullable(),
    /** Added to every HubSpot answer, before state is read or a write applied. */
    latencyMs: z.number().min(0),
    /** Up to this much more, drawn from the seeded generator. */
    latencyJitterMs: z.number().min(0),
    /** Requests per rolling window for the whole account (HubSpot: 100 on Free/Starter, 190 on Pro/Enterprise). */
    tenSecondLimit: z.number().int().min(1),
    /** Length of the rolling window; 10,000 in HubSpot, shorter in tests. */
    windowMs: z.number().int().min(1),
    /** Whether a 429 carries `Retry-After` (seconds); HubSpot does not confirm it sends one. */
    sendRetryAfter: z.boolean(),
    /** Search requests per second (HubSpot: 5), on top of the rolling window. */
    searchPerSecond: z.number().int().min(1),
    /** How long after its last write a contact becomes findable by search. */
    searchLagMs: z.number().min(0),
    /** Share of counted requests answered 502 instead (0–1). */
    failureRate: z.number().min(0).max(1),
    /** Seeds the generator behind failures and jitter: the same seed and requests give the same answers. */
    seed: z.number().int(),
    /** Periodic 429 bursts; `null` turns them off. */
    burst429: burst429Schema.nullable(),
    /** Property types that replace the service's definitions, e.g. `{ hhl_progress_updated_at: 'date' }`. */
    propertyTypes: z.record(z.string(), z.enum(PROPERTY_TYPES)),
    /**
     * Properties of the service's definitions the portal does not have (provisioned before they existed): a write
     * naming one is refused with `PROPERTY_DOESNT_EXIST`, a read leaves it out.
     */
    missingProperties: z.array(z.string().min(1)),
    /** Versions kept per property for `propertiesWithHistory` (HubSpot documents no cap; 20 by default here). */
    maxHistory: z.number().int().min(1).max(100_000),
    /**
     * What `batch/update` does with an id that has no contact: `partial` writes the others and answers 207 with an
     * `OBJECT_NOT_FOUND` error naming the missing ids; `reject` answers 404 and writes nothing. HubSpot's real
     * behaviour is unconfirmed, so the service should be tested against both.
     */
    batchUpdateUnknownIds: z.enum(['partial', 'reject']),
    /** `sourceId` of every history version (HubSpot puts the private app's id there). */
    sourceId: z.string().min(1),

    // Real portals (issue 11): behaviours HubSpot documents that the service must survive.
    /**
     * What a merge does to ids (`POST …/contacts/merge`, `merge()`): `new-id` (HubSpot's documented default: the
     * merged record gets a new id, both old ids resolve to it) or `keep-primary-id` (the "Primary ID Preservation"
     * beta: the primary keeps its id).
     */
    mergeMode: z.enum(['new-id', 'keep-primary-id']),
    /**
     * What a write naming a merged-away id does (unconfirmed): `resolve` writes the merged record and answers its id;
     * `not-found` answers it as an unknown id (404 single, `OBJECT_NOT_FOUND` in a batch). Reads always resolve.
     */
    mergedIdWrites: z.enum(['resolve', 'not-found']),
    /**
     * Whether a lookup by email (`GET …?idProperty=email`, `batch/read` with `idProperty: 'email'`) also finds a
     * contact by one of its additional emails (`hs_additional_emails`), answering its primary `email`: `match` (the
     * facts file) or `primary-only` (a public simulator's choice; no HubSpot source backs it). A create with an
     * additional email conflicts either way.
     */
    additionalEmailLookup: z.enum(['match', 'primary-only']),
    /**
     * How a read answers a property that exists but holds no value: `null` (the facts file), `omit` (HubSpot's doc
     * for `properties`: "will not appear in the response") or `empty-string` (what some portals answer after a clear).
     */
    emptyValues: z.enum(['null', 'omit', 'empty-string']),
    /** The text of a whole-batch 409 of `batch/create` (no trace ids): `with-id` names the contact, `without-id` does not. */
    batchConflictMessage: z.enum(['with-id', 'without-id']),
    /** Emails HubSpot's own validation refuses (`INVALID_EMAIL`), though they pass a looser check. */
    invalidEmails: z.array(z.string().min(1)),
    /**
     * Properties the portal requires on a create, enforced by the date-based API versions from 2026-09 on
     * (`MISSING_REQUIRED_PROPERTY`); `/crm/v3/` does not enforce them.
     */
    requiredProperties: z.array(z.string().min(1)),
    /** Requests per account day (HubSpot: 250,000 Free/Starter …); `null` for no daily limit. */
    dailyLimit: z.number().int().min(0).nullable(),
    /** The account's time zone (IANA), whose midnight resets the daily limit; `GET /account-info/v3/details` answers it. */
    timeZone: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as US/Eastern'),
    /** Whether counted answers carry `X-HubSpot-RateLimit-*` headers ("may not be present", HubSpot says). */
    rateLimitHeaders: z.boolean(),
    /** Whether a write of a property's current value adds a version to its history (undocumented). */
    sameValueWrite: z.enum(['append', 'ignore']),
    /** Answers are sent at this many bytes per second (a network), so a large answer takes time; `null`: loopback speed. */
    bytesPerSecond: z.number().positive().nullable(),
    /** Scopes the token lacks: an endpoint needing one answers 403 `MISSING_SCOPES` (e.g. `crm.schemas.contacts.read`). */
    missingScopes: z.array(z.string().min(1)),
  })
  .partial()
  .strict();

export type SimulatorSettings = z.input<typeof simulatorSettingsSchema>;
export type Burst429 = z.output<typeof burst429Schema>;

/** What `startHubSpotSimulator` accepts: the settings, and a clock for tests that move time themselves. */
export interface SimulatorInput extends SimulatorSettings {
  /** Epoch milliseconds now; drives the rate windows, search lag and timestamps. Defaults to `Date.now`. */
  clock?: () => number;
}

/** Settings with every default filled in. */
export type SimulatorOptions = Readonly<Required<z.output<typeof simulatorSettingsSchema>>>;

export const DEFAULT_OPTIONS: SimulatorOptions = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  token: null,
  latencyMs: 0,
  latencyJitterMs: 0,
  tenSecondLimit: 100,
  windowMs: 10_000,
  sendRetryAfter: false,
  searchPerSecond: 5,
  searchLagMs: 3_000,
  failureRate: 0,
  seed: 1,
  burst429: null,
  propertyTypes: {},
  missingProperties: [],
  maxHistory: 20,
  batchUpdateUnknownIds: 'partial',
  sourceId: '1234567',
  mergeMode: 'new-id',
  mergedIdWrites: 'resolve',
  additionalEmailLookup: 'match',
  emptyValues: 'null',
  batchConflictMessage: 'with-id',
  invalidEmails: [],
  requiredProperties: [],
  dailyLimit: null,
  timeZone: 'US/Eastern',
  rateLimitHeaders: true,
  sameValueWrite: 'append',
  bytesPerSecond: null,
  missingScopes: [],
});

/** Bad simulator settings; the message names every bad key. */
export class SimulatorOptionsError extends Error {
  override readonly name = 'SimulatorOptionsError';
}

/**
 * Checks `changes` and answers `base` with them applied. Keys set to `undefined` are ignored.
 * @throws SimulatorOptionsError naming every bad key.
 * @example resolveOptions({ latencyMs: 50 }) // the defaults with 50 ms of latency
 */
export function resolveOptions(changes: unknown, base: SimulatorOptions = DEFAULT_OPTIONS): SimulatorOptions {
  const defined = isRecord(changes) ? Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) : changes;
  const parsed = simulatorSettingsSchema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new SimulatorOptionsError(`Invalid HubSpot simulator options: ${problems.join('; ')}`);
  }
  return Object.freeze({ ...base, ...parsed.data });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

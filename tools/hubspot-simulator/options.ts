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
    /** Versions kept per property for `propertiesWithHistory`. */
    maxHistory: z.number().int().min(1),
    /**
     * What `batch/update` does with an id that has no contact: `partial` writes the others and answers 207 with an
     * `OBJECT_NOT_FOUND` error naming the missing ids; `reject` answers 404 and writes nothing. HubSpot's real
     * behaviour is unconfirmed, so the service should be tested against both.
     */
    batchUpdateUnknownIds: z.enum(['partial', 'reject']),
    /** `sourceId` of every history version (HubSpot puts the private app's id there). */
    sourceId: z.string().min(1),
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

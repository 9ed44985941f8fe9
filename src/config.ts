import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Configuration, parsed once from the environment with zod into a frozen object. A bad value fails fast with every
 * bad key named. `PROGRESS_BACKEND` is the exception the API contract asks for: an unknown value does not stop the
 * service, it is reported in the logs and every CRM write answers with a fallback response.
 */

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** The HubSpot API versions the store can talk to: `/crm/v3/…`, or the date-based paths (`/crm/objects/2026-09/…`). */
export const HUBSPOT_API_VERSIONS = ['v3', '2026-03', '2026-09'] as const;
export type HubSpotApiVersion = (typeof HUBSPOT_API_VERSIONS)[number];

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
export type LogLevel = (typeof LOG_LEVELS)[number];

const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

const logLevel = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v))
  .pipe(z.enum(LOG_LEVELS).optional());

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const envSchema = z.object({
  HUBSPOT_PRIVATE_APP_TOKEN: optionalText,
  HUBSPOT_API_BASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'https://api.hubapi.com' : v.replace(/\/+$/, '')))
    .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  HUBSPOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(5_000).optional().default(3_000),
  ENABLE_CRM_PROGRESS: booleanFlag(false),
  PROGRESS_BACKEND: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'properties' : v)),
  CATALOG_PATH: optionalText,
  CORS_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .refine(
      (origins) => origins.every((o) => !/^(\*|https?:\/\/\*)$/.test(o) && !/\*\.[a-z0-9-]+$/i.test(o)),
      'a pattern must name a domain below its public suffix: "*", "https://*" and "https://*.com" would let every site in',
    ),
  LOG_LEVEL: logLevel,
  /** Powertools' own name for the level; wins over LOG_LEVEL when both are set. */
  POWERTOOLS_LOG_LEVEL: logLevel,
  LOG_PII: booleanFlag(false),
  PORT: z.coerce.number().int().min(0).max(65_535).optional().default(3000),
  LOCAL_DATA_DIR: optionalText,
  AUTH_MODE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'none' : v))
    .pipe(z.enum(['none', 'jwt'])),
  AUTH_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: optionalText,
  AUTH_HS256_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  AUTH_EMAIL_CLAIM: optionalText,
  AUTH_CONTACT_ID_CLAIM: optionalText,
  AUTH_COOKIE: optionalText,
  AUTH_ALLOW_CONTACT_CREATE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      const paths = parseCreatePaths(v);
      if (typeof paths === 'string') {
        ctx.addIssue({ code: 'custom', message: paths });
        return z.NEVER;
      }
      return paths;
    }),
  QUEUE_URL: optionalText,
  DLQ_URL: optionalText,
  SQS_ENDPOINT: optionalText,
  PROGRESS_WRITE_MODE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'direct' : v))
    .pipe(z.enum(['direct', 'queue'])),
  VERIFY_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).optional().default(1),
  LEARNER_WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).optional().default(30),

  // Real portals (issue 11): credentials by their current name, the API version, the account's day, the window.
  /** A service key or a (legacy) private app token; `HUBSPOT_PRIVATE_APP_TOKEN` is still read. */
  HUBSPOT_ACCESS_TOKEN: optionalText,
  HUBSPOT_API_VERSION: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'v3' : v))
    .pipe(z.enum(HUBSPOT_API_VERSIONS)),
  HUBSPOT_ACCOUNT_TIME_ZONE: optionalText.refine((v) => v === undefined || isTimeZone(v), 'must be an IANA time zone such as US/Eastern'),
  HUBSPOT_WINDOW_RESERVE: z.coerce.number().int().min(0).max(1_000).optional().default(10),
}).superRefine((e, ctx) => {
  if (e.AUTH_MODE === 'jwt' && e.AUTH_JWKS_URL === undefined && e.AUTH_HS256_SECRET === undefined) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'jwt needs AUTH_JWKS_URL or AUTH_HS256_SECRET' });
  }
  if (e.HUBSPOT_ACCESS_TOKEN !== undefined && e.HUBSPOT_PRIVATE_APP_TOKEN !== undefined && e.HUBSPOT_ACCESS_TOKEN !== e.HUBSPOT_PRIVATE_APP_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['HUBSPOT_ACCESS_TOKEN'],
      message: 'and HUBSPOT_PRIVATE_APP_TOKEN are both set and differ: set one (the service key or private app token)',
    });
  }
});

export interface HubSpotConfig {
  /** The service key or private app token (`HUBSPOT_ACCESS_TOKEN`, or `HUBSPOT_PRIVATE_APP_TOKEN`). */
  readonly token?: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** `v3` or a date-based version (`2026-09`): the paths every HubSpot call goes to. */
  readonly apiVersion: HubSpotApiVersion;
  /** The account's time zone: its midnight resets the daily limit. Unknown: a spent day is checked again hourly. */
  readonly accountTimeZone?: string;
  /** Calls the direct path leaves in HubSpot's 10-second window before it queues events instead. */
  readonly windowReserve: number;
}

export interface Config {
  readonly hubspot: HubSpotConfig;
  readonly crmEnabled: boolean;
  /** `properties` is the only backend; anything else is kept so it can be named in the logs. */
  readonly progressBackend: string;
  readonly catalogPath?: string;
  readonly corsAllowedOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly logPii: boolean;
  readonly port: number;
  /** Where the embedded local contact store keeps its file (local server only). */
  readonly localDataDir: string;
  readonly auth: AuthConfig;
  /** Most CRM writes one learner may cause per minute in one Lambda container (0: no cap). */
  readonly learnerWritesPerMinute: number;
  readonly queue: QueueConfig;
}

export interface QueueConfig {
  /** `direct`: write to HubSpot in the request, queue only failures. `queue`: validate, enqueue, answer. */
  readonly writeMode: 'direct' | 'queue';
  /** The SQS queue; locally, none starts an embedded SQS-compatible server. */
  readonly url?: string;
  /** Its dead-letter queue (for `npm run replay -- dlq`). */
  readonly dlqUrl?: string;
  /** An SQS endpoint other than AWS's (the embedded local server). */
  readonly endpoint?: string;
  /** After a direct write, re-check the learner this many seconds later through the queue (0: never). */
  readonly verifyDelaySeconds: number;
}

export interface AuthConfig {
  /** `none`: the identity in the body or query is trusted. `jwt`: only a verified token names the learner. */
  readonly mode: 'none' | 'jwt';
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly hs256Secret?: string;
  readonly emailClaim: string;
  readonly contactIdClaim?: string;
  /** Name of a cookie that may carry the token, besides `Authorization: Bearer`. */
  readonly cookie?: string;
  /** Whether an unknown email may create a contact on the direct path (the API, in the request). */
  readonly allowContactCreate: boolean;
  /** Which write paths may create a contact for an unknown email (`AUTH_ALLOW_CONTACT_CREATE`). */
  readonly contactCreate: ContactCreatePaths;
}

/** The write paths that may create a contact: the API's direct write, the queue consumer, `npm run import`. */
export const CONTACT_CREATE_PATHS = ['direct', 'queue', 'import'] as const;
export type ContactCreatePath = (typeof CONTACT_CREATE_PATHS)[number];
export type ContactCreatePaths = Readonly<Record<ContactCreatePath, boolean>>;

/**
 * `AUTH_ALLOW_CONTACT_CREATE`: `true` (every path, the default), `false` (none), or a comma list of paths; the
 * message when it is none of these.
 * @example parseCreatePaths('queue,import') // { direct: false, queue: true, import: true }
 */
export function parseCreatePaths(value: string | undefined): ContactCreatePaths | string {
  const text = (value ?? '').trim().toLowerCase();
  const all = (allowed: boolean) => Object.fromEntries(CONTACT_CREATE_PATHS.map((p) => [p, allowed])) as Record<ContactCreatePath, boolean>;
  if (text === '' || ['true', '1', 'yes', 'on'].includes(text)) return all(true);
  if (['false', '0', 'no', 'off', 'none'].includes(text)) return all(false);
  const named = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const unknown = named.filter((p) => !(CONTACT_CREATE_PATHS as readonly string[]).includes(p));
  if (unknown.length > 0) return `expected true, false or a list of ${CONTACT_CREATE_PATHS.join(', ')}; got "${unknown.join(', ')}"`;
  const paths = all(false);
  for (const p of named) paths[p as ContactCreatePath] = true;
  return paths;
}

export const SUPPORTED_BACKEND = 'properties';

/** Thrown when the environment holds values the service cannot start with; the message names every bad key. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
  }
}

/**
 * Parses the environment into a frozen {@link Config}.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    hubspot: Object.freeze({
      token: e.HUBSPOT_ACCESS_TOKEN ?? e.HUBSPOT_PRIVATE_APP_TOKEN,
      baseUrl: e.HUBSPOT_API_BASE_URL,
      timeoutMs: e.HUBSPOT_TIMEOUT_MS,
      apiVersion: e.HUBSPOT_API_VERSION,
      accountTimeZone: e.HUBSPOT_ACCOUNT_TIME_ZONE,
      windowReserve: e.HUBSPOT_WINDOW_RESERVE,
    }),
    crmEnabled: e.ENABLE_CRM_PROGRESS,
    progressBackend: e.PROGRESS_BACKEND,
    catalogPath: e.CATALOG_PATH,
    corsAllowedOrigins: Object.freeze([...e.CORS_ALLOWED_ORIGINS]),
    logLevel: e.POWERTOOLS_LOG_LEVEL ?? e.LOG_LEVEL ?? 'info',
    logPii: e.LOG_PII,
    port: e.PORT,
    localDataDir: e.LOCAL_DATA_DIR ?? '.data',
    auth: Object.freeze({
      mode: e.AUTH_MODE,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      hs256Secret: e.AUTH_HS256_SECRET,
      emailClaim: e.AUTH_EMAIL_CLAIM ?? 'email',
      contactIdClaim: e.AUTH_CONTACT_ID_CLAIM,
      cookie: e.AUTH_COOKIE,
      allowContactCreate: e.AUTH_ALLOW_CONTACT_CREATE.direct,
      contactCreate: Object.freeze({ ...e.AUTH_ALLOW_CONTACT_CREATE }),
    }),
    learnerWritesPerMinute: e.LEARNER_WRITES_PER_MINUTE,
    queue: Object.freeze({
      writeMode: e.PROGRESS_WRITE_MODE,
      url: e.QUEUE_URL,
      dlqUrl: e.DLQ_URL,
      endpoint: e.SQS_ENDPOINT,
      verifyDelaySeconds: e.VERIFY_DELAY_SECONDS,
    }),
  });
}

/**
 * Loads `.env` into `process.env` when present (values already set in the environment win), for the processes an
 * operator starts by hand: `npm start`, provisioning, the bulk jobs and replay. Lambda never reads a `.env`.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

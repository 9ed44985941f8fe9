import { existsSync } from 'node:fs';
import { z } from 'zod';
import { exactOrigins, type OriginRule, parseOriginRule, ruleText } from './origins.js';

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

/** A comma-separated list of origins (exact, or `https://*.example.com`), each read in its canonical form. */
const originList = z
  .string()
  .optional()
  .transform((v, ctx): OriginRule[] => {
    const rules: OriginRule[] = [];
    for (const entry of (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const parsed = parseOriginRule(entry);
      if (parsed.ok) rules.push(parsed.rule);
      else ctx.addIssue({ code: 'custom', message: parsed.reason });
    }
    return rules;
  });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** A HubDB table id (`135381433`) or name. */
const hubDbTable = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a HubDB table id or name')
    .optional(),
);

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
  CORS_ALLOWED_ORIGINS: originList,
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
    .pipe(z.enum(['none', 'jwt', 'oidc'])),
  AUTH_MODE_NONE_ACCEPTED: booleanFlag(false),
  OIDC_ISSUER: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_REDIRECT_URI: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  OIDC_SCOPES: optionalText,
  OIDC_LEGACY_TOKEN_COOKIE: optionalText,
  SESSION_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).optional().default(43_200),
  AUTH_REDIRECT_ALLOWLIST: originList,
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
  // Catalog source: a file or folder (CATALOG_PATH, or the bundled catalog), or hh-learn's HubDB tables.
  CATALOG_SOURCE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'file' : v))
    .pipe(z.enum(['file', 'hubdb'])),
  HUBDB_COURSES_TABLE_ID: hubDbTable,
  HUBDB_PATHWAYS_TABLE_ID: hubDbTable,
  HUBDB_MODULES_TABLE_ID: hubDbTable,
  CATALOG_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).optional().default(300),
  /** Key of the certificate ids' MAC; without it no certificate is issued or verified. A secret: never logged. */
  CERTIFICATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),

  // Real portals: credentials by their current name, the API version, the account's day, the window.
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
  if (e.CATALOG_SOURCE === 'hubdb') {
    for (const key of ['HUBDB_COURSES_TABLE_ID', 'HUBDB_PATHWAYS_TABLE_ID', 'HUBDB_MODULES_TABLE_ID'] as const) {
      if (e[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required when CATALOG_SOURCE is hubdb' });
    }
    if (e.HUBSPOT_ACCESS_TOKEN === undefined && e.HUBSPOT_PRIVATE_APP_TOKEN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['CATALOG_SOURCE'], message: 'hubdb needs HUBSPOT_ACCESS_TOKEN, the service key or private app token (with the hubdb scope)' });
    }
  }
  const need = (key: keyof typeof e, why: string) => {
    if (e[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required: ${why}` });
  };
  if (e.AUTH_MODE === 'jwt') {
    if (e.AUTH_JWKS_URL === undefined && e.AUTH_HS256_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'jwt needs AUTH_JWKS_URL or AUTH_HS256_SECRET' });
    }
    need('AUTH_ISSUER', 'AUTH_MODE=jwt verifies who issued each token');
    need('AUTH_AUDIENCE', 'AUTH_MODE=jwt verifies whom each token is for');
  }
  if (e.AUTH_MODE === 'oidc') {
    need('OIDC_ISSUER', 'the OpenID provider (its /.well-known/openid-configuration is read)');
    need('OIDC_CLIENT_ID', 'the client registered at the provider');
    need('OIDC_REDIRECT_URI', "this service's /auth/callback, as registered at the provider");
    need('SESSION_SECRET', 'it seals the session cookie (at least 32 characters)');
    if (e.OIDC_REDIRECT_URI !== undefined && !new URL(e.OIDC_REDIRECT_URI).pathname.endsWith('/auth/callback')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URI'], message: "must be this service's /auth/callback" });
    }
    const allowlist = e.AUTH_REDIRECT_ALLOWLIST.length > 0 ? e.AUTH_REDIRECT_ALLOWLIST : e.CORS_ALLOWED_ORIGINS;
    if (exactOrigins(allowlist).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_REDIRECT_ALLOWLIST'], message: 'required: the site origins sign-in may return to (default: the exact origins of CORS_ALLOWED_ORIGINS, which has none)' });
    }
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
  /** Allowed browser origins in their canonical form: exact ones and `https://*.example.com` patterns. */
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
  readonly catalog: CatalogConfig;
  /** The key certificate ids are derived with; undefined: certificates are off. */
  readonly certificateSecret?: string;
}

export interface CatalogConfig {
  /** `file`: `path`, or the bundled catalog without one. `hubdb`: hh-learn's three HubDB tables, refreshed. */
  readonly source: 'file' | 'hubdb';
  /** With `hubdb`, the catalog used until HubDB first answers. */
  readonly path?: string;
  readonly hubdb?: { readonly coursesTableId: string; readonly pathwaysTableId: string; readonly modulesTableId: string };
  /** How long a HubDB catalog is used before a background refresh. */
  readonly ttlSeconds: number;
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
  /**
   * `none`: the email in the body or query is trusted (local use, or a site that accepts the risk). `jwt`: only a
   * verified bearer token names the learner. `oidc`: the service signs learners in with an OpenID provider and only
   * its session cookie names the learner.
   */
  readonly mode: 'none' | 'jwt' | 'oidc';
  /** `AUTH_MODE_NONE_ACCEPTED`: a deployed stage may run `none` with CRM progress on. */
  readonly noneAccepted: boolean;
  readonly oidc?: OidcConfig;
  readonly session: { readonly secret?: string; readonly ttlSeconds: number };
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

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE alone). */
  readonly clientSecret?: string;
  /** This service's `/auth/callback`, exactly as registered at the provider. */
  readonly redirectUri: string;
  readonly scopes: string;
  /** Origins a `redirect_url` may point to (exact origins only). */
  readonly redirectAllowlist: readonly string[];
  /** A cookie of an older deployment holding the provider's access token (`hhl_access_token` on hh-learn). */
  readonly legacyTokenCookie: string;
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
 * What makes a configuration unsafe to run where the internet can reach it, one line each; empty when none. The
 * Lambda entry points refuse to start on any (the local server does not: it listens on loopback).
 * @example deploymentProblems(loadConfig({ ENABLE_CRM_PROGRESS: 'true' })) // ['AUTH_MODE: none lets anyone …']
 */
export function deploymentProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.crmEnabled && config.auth.mode === 'none' && !config.auth.noneAccepted) {
    problems.push(
      'AUTH_MODE: none lets anyone read and write the progress of any email in the portal; set AUTH_MODE=oidc (or jwt), ' +
        'or AUTH_MODE_NONE_ACCEPTED=true to accept that risk',
    );
  }
  return problems;
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
    corsAllowedOrigins: Object.freeze(e.CORS_ALLOWED_ORIGINS.map(ruleText)),
    logLevel: e.POWERTOOLS_LOG_LEVEL ?? e.LOG_LEVEL ?? 'info',
    logPii: e.LOG_PII,
    port: e.PORT,
    localDataDir: e.LOCAL_DATA_DIR ?? '.data',
    auth: Object.freeze({
      mode: e.AUTH_MODE,
      noneAccepted: e.AUTH_MODE_NONE_ACCEPTED,
      ...(e.AUTH_MODE === 'oidc' && e.OIDC_ISSUER !== undefined && e.OIDC_CLIENT_ID !== undefined && e.OIDC_REDIRECT_URI !== undefined
        ? {
            oidc: Object.freeze({
              issuer: e.OIDC_ISSUER,
              clientId: e.OIDC_CLIENT_ID,
              ...(e.OIDC_CLIENT_SECRET === undefined ? {} : { clientSecret: e.OIDC_CLIENT_SECRET }),
              redirectUri: e.OIDC_REDIRECT_URI,
              scopes: e.OIDC_SCOPES ?? 'openid email profile',
              redirectAllowlist: Object.freeze(exactOrigins(e.AUTH_REDIRECT_ALLOWLIST.length > 0 ? e.AUTH_REDIRECT_ALLOWLIST : e.CORS_ALLOWED_ORIGINS)),
              legacyTokenCookie: e.OIDC_LEGACY_TOKEN_COOKIE ?? 'hhl_access_token',
            }),
          }
        : {}),
      session: Object.freeze({ ...(e.SESSION_SECRET === undefined ? {} : { secret: e.SESSION_SECRET }), ttlSeconds: e.SESSION_TTL_SECONDS }),
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
    catalog: Object.freeze({
      source: e.CATALOG_SOURCE,
      path: e.CATALOG_PATH,
      hubdb:
        e.HUBDB_COURSES_TABLE_ID === undefined || e.HUBDB_PATHWAYS_TABLE_ID === undefined || e.HUBDB_MODULES_TABLE_ID === undefined
          ? undefined
          : Object.freeze({ coursesTableId: e.HUBDB_COURSES_TABLE_ID, pathwaysTableId: e.HUBDB_PATHWAYS_TABLE_ID, modulesTableId: e.HUBDB_MODULES_TABLE_ID }),
      ttlSeconds: e.CATALOG_TTL_SECONDS,
    }),
    certificateSecret: e.CERTIFICATE_SECRET,
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

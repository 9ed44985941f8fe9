import { z } from 'zod';
import { exactOrigins, type OriginRule, parseOriginRule } from './origins.js';

/**
 * The environment the service reads, as one zod schema: every variable, its default, and the rules between them
 * (sign-in's required settings, the catalog source's tables, the two token names). `loadConfig` (`config.ts`) parses
 * it once and shapes the result into the frozen `Config`.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

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

/** The words a flag may be spelled with (`AUTH_ALLOW_CONTACT_CREATE` takes them too). */
const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (TRUE_WORDS.includes(v)) return true;
      if (FALSE_WORDS.includes(v)) return false;
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

/** One of `values`, in any case; `fallback` when unset or empty. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v))
    .pipe(z.enum(values));

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** A key (signing, sealing): unset, or at least 32 characters. */
const secretKey = optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters');

/** A HubDB table id (`135381433`) or name. */
const hubDbTable = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a HubDB table id or name')
    .optional(),
);

export const envSchema = z.object({
  HUBSPOT_PRIVATE_APP_TOKEN: optionalText,
  HUBSPOT_API_BASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'https://api.hubapi.com' : v.replace(/\/+$/, '')))
    .pipe(httpUrl),
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
  AUTH_MODE: choice(['none', 'jwt', 'oidc'], 'none'),
  AUTH_MODE_NONE_ACCEPTED: booleanFlag(false),
  OIDC_ISSUER: optionalText.pipe(httpUrl.optional()),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_REDIRECT_URI: optionalText.pipe(httpUrl.optional()),
  OIDC_SCOPES: optionalText,
  OIDC_LEGACY_TOKEN_COOKIE: optionalText,
  SESSION_SECRET: secretKey,
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).optional().default(43_200),
  AUTH_REDIRECT_ALLOWLIST: originList,
  AUTH_JWKS_URL: optionalText.pipe(httpUrl.optional()),
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: optionalText,
  AUTH_HS256_SECRET: secretKey,
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
  PROGRESS_WRITE_MODE: choice(['direct', 'queue'], 'direct'),
  VERIFY_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).optional().default(1),
  LEARNER_WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).optional().default(30),
  // Catalog source: a file or folder (CATALOG_PATH, or the bundled catalog), or hh-learn's HubDB tables.
  CATALOG_SOURCE: choice(['file', 'hubdb'], 'file'),
  HUBDB_COURSES_TABLE_ID: hubDbTable,
  HUBDB_PATHWAYS_TABLE_ID: hubDbTable,
  HUBDB_MODULES_TABLE_ID: hubDbTable,
  CATALOG_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).optional().default(300),
  /** Key of the certificate ids' MAC; without it no certificate is issued or verified. A secret: never logged. */
  CERTIFICATE_SECRET: secretKey,

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
    if (redirectAllowlist(e).length === 0) {
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

/** The origins sign-in may return to: `AUTH_REDIRECT_ALLOWLIST`'s exact ones, else `CORS_ALLOWED_ORIGINS`'. */
export function redirectAllowlist(e: { readonly AUTH_REDIRECT_ALLOWLIST: readonly OriginRule[]; readonly CORS_ALLOWED_ORIGINS: readonly OriginRule[] }): string[] {
  return exactOrigins(e.AUTH_REDIRECT_ALLOWLIST.length > 0 ? e.AUTH_REDIRECT_ALLOWLIST : e.CORS_ALLOWED_ORIGINS);
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
  if (text === '' || TRUE_WORDS.includes(text)) return all(true);
  if ([...FALSE_WORDS, 'none'].includes(text)) return all(false);
  const named = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const unknown = named.filter((p) => !(CONTACT_CREATE_PATHS as readonly string[]).includes(p));
  if (unknown.length > 0) return `expected true, false or a list of ${CONTACT_CREATE_PATHS.join(', ')}; got "${unknown.join(', ')}"`;
  const paths = all(false);
  for (const p of named) paths[p as ContactCreatePath] = true;
  return paths;
}


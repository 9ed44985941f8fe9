import { existsSync } from 'node:fs';
import { type ContactCreatePaths, envSchema, type HubSpotApiVersion, type LogLevel, redirectAllowlist } from './env-schema.js';
import { ruleText } from './origins.js';

export {
  CONTACT_CREATE_PATHS,
  type ContactCreatePath,
  type ContactCreatePaths,
  HUBSPOT_API_VERSIONS,
  type HubSpotApiVersion,
  type LogLevel,
  parseCreatePaths,
} from './env-schema.js';

/**
 * Configuration, parsed once from the environment with zod into a frozen object. A bad value fails fast with every
 * bad key named. `PROGRESS_BACKEND` is the exception the API contract asks for: an unknown value does not stop the
 * service, it is reported in the logs and every CRM write answers with a fallback response.
 */

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
              redirectAllowlist: Object.freeze(redirectAllowlist(e)),
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

import type { LegacyTokenReader } from '../auth/legacy-token.js';
import type { OidcRelyingParty } from '../auth/oidc-client.js';
import type { SealedValues } from '../auth/sealed-value.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Config } from '../config.js';
import type { ContactStore } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { EventQueue } from '../tracking/event-queue.js';
import type { OriginPolicy } from './cors.js';
import type { LearnerRateLimiter } from './learner-rate-limit.js';
import type { CatalogSource } from '../catalog/catalog-source.js';
import type { Catalog } from '../progress/types.js';

/** Everything the handler needs, passed in: the Lambda entry point and the local server build the real ones. */
export interface AppDependencies {
  config: Config;
  /** The catalog, or a source that refreshes it (`CATALOG_SOURCE=hubdb`); each request works with `context.catalog`. */
  catalog: Catalog | CatalogSource;
  /** The contact store; undefined when none is configured (then CRM writes answer with fallback responses). */
  store?: ContactStore;
  clock: () => Date;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
  /** A fresh metrics recorder per request (EMF in Lambda); none by default. */
  createMetrics?: () => Metrics;
  /** The durable queue: failed direct writes go there, and every event in `PROGRESS_WRITE_MODE=queue`. */
  queue?: EventQueue;
  /** Verifies learners' tokens when `AUTH_MODE=jwt`; built from the configuration when not given. */
  verifyToken?: TokenVerifier;
  /** The OpenID provider's relying party when `AUTH_MODE=oidc`; built from the configuration when not given. */
  relyingParty?: OidcRelyingParty;
}

/** What one request's route works with. */
export interface RequestContext {
  logger: Logger;
  metrics: Metrics;
  services: AppServices;
  /** The catalog this request works with; undefined only when a HubDB catalog has never loaded. */
  catalog?: Catalog;
}

/** What the routes share for the life of the app (built once by createApp: `app-services.ts`). */
export interface AppServices {
  /** Where `context.catalog` comes from; its `recheck` is asked before content is refused as unknown. */
  catalogs: CatalogSource;
  verifyToken?: TokenVerifier;
  origins: OriginPolicy;
  rateLimiter: LearnerRateLimiter;
  /** `AUTH_MODE=oidc`: the provider, and the sealed values of sessions and of logins in progress. */
  relyingParty?: OidcRelyingParty;
  sessions?: SealedValues;
  logins?: SealedValues;
  legacyTokens?: LegacyTokenReader;
}

import { loadCatalog } from '../catalog/load-catalog.js';
import type { ContactScanner } from '../crm/contact-scanner.js';
import type { ContactStore } from '../crm/contact-store.js';
import { openContactStore } from '../crm/open-contact-store.js';
import { PortalPropertyTypes } from '../crm/portal-property-types.js';
import type { Logger } from '../observability/logger.js';
import type { Catalog } from '../progress/types.js';
import type { CommonSettings } from './bulk-settings.js';
import { RateGovernor } from './rate-governor.js';
import { retryingScanner, retryingStore } from './retrying.js';

/**
 * What a bulk job runs on, built once from its settings: HubSpot through a rate governor and retries when a token is
 * set, else the embedded local store (`openContactStore`, as `npm start` and `npm run replay` open theirs). The only
 * place the bulk jobs build real clients.
 */
export interface BulkContext {
  readonly store: ContactStore;
  readonly scanner: ContactScanner;
  readonly catalog: Catalog;
  readonly propertyTypes: PortalPropertyTypes;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** `HubSpot at https://api.hubapi.com` or `the local store .data/contacts.json`. */
  readonly target: string;
  /** HubSpot calls (or local store calls) made so far, retries included. */
  calls(): number;
  /** The pace kept, for the summary; none for the local store. */
  readonly governor?: RateGovernor;
}

/**
 * A bulk call carries up to 100 contacts (each state up to 64 KB): far more than a learner's request, so it gets more
 * time than `HUBSPOT_TIMEOUT_MS` allows; nobody waits on it.
 */
export const BULK_TIMEOUT_MS = 30_000;

export interface BulkContextOptions {
  readonly logger: Logger;
  /** The catalog, when already loaded (`CATALOG_SOURCE=hubdb`); else `CATALOG_PATH` or the bundled one. */
  readonly catalog?: Catalog;
  readonly clock?: () => Date;
  /** For tests: the wait between retries after a 5xx, a timeout or a network error. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** @example const context = createBulkContext(settings, { logger }); */
export function createBulkContext(settings: CommonSettings, options: BulkContextOptions): BulkContext {
  const { config } = settings;
  const { logger } = options;
  const common = {
    catalog: options.catalog ?? loadCatalog(config.catalogPath),
    propertyTypes: new PortalPropertyTypes(),
    logger,
    clock: options.clock ?? (() => new Date()),
  };
  const governor = new RateGovernor({ tenSecondLimit: settings.tenSecondLimit, share: settings.rateShare });
  const opened = openContactStore(config, {
    timeoutMs: BULK_TIMEOUT_MS,
    readsDefinitions: true,
    beforeCall: (request) => governor.take(request.operation === 'search' ? 'search' : 'account'),
  });
  if (opened.local) {
    const { store, scanner } = opened;
    return { ...common, store, scanner, target: opened.target, calls: () => store.calls + scanner.calls };
  }
  const hubspot = opened.store;
  const retry = { governor, logger, ...(options.sleep === undefined ? {} : { sleep: options.sleep }) };
  return {
    ...common,
    store: retryingStore(hubspot, retry),
    scanner: retryingScanner(opened.scanner, retry),
    target: opened.target,
    calls: () => hubspot.calls,
    governor,
  };
}

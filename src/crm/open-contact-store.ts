import { join } from 'node:path';
import type { Config } from '../config.js';
import type { ContactScanner } from './contact-scanner.js';
import type { ContactStore } from './contact-store.js';
import { createHubSpotStore, type HubSpotStoreOptions } from './hubspot/hubspot-store.js';
import { createPropertiesBatchApi } from './hubspot/properties-api.js';
import { createLocalContactScanner } from './local/local-contact-scanner.js';
import { createLocalContactStore } from './local/local-store.js';

/** A contact store with the scanner that walks it, and what to call it in a start-up or summary line. */
export interface OpenedContactStore {
  readonly store: ContactStore & { readonly calls: number };
  readonly scanner: ContactScanner & { readonly calls: number };
  /** `HubSpot at https://api.hubapi.com` or `the local store .data/contacts.json`. */
  readonly target: string;
  /** Whether it is the embedded local store (no token configured). */
  readonly local: boolean;
}

export interface OpenContactStoreOptions {
  /** Per-request budget for HubSpot calls; `HUBSPOT_TIMEOUT_MS` by default. */
  readonly timeoutMs?: number;
  /** Whether the store may read the portal's property definitions (`readPropertyTypes`): the bulk jobs' need. */
  readonly readsDefinitions?: boolean;
  /** Awaited before every HubSpot request (the bulk jobs' rate governor). */
  readonly beforeCall?: HubSpotStoreOptions['beforeCall'];
}

/**
 * The store every process outside the Lambdas uses (`npm start`, the bulk jobs, `npm run replay`): HubSpot when a
 * token is configured, else the embedded local store in `LOCAL_DATA_DIR/contacts.json`, so a fresh clone works with
 * no HubSpot account.
 * @example const { store, target } = openContactStore(config);
 */
export function openContactStore(config: Pick<Config, 'hubspot' | 'localDataDir'>, options: OpenContactStoreOptions = {}): OpenedContactStore {
  const token = config.hubspot.token;
  if (token === undefined) {
    const file = join(config.localDataDir, 'contacts.json');
    const store = createLocalContactStore({ file });
    return { store, scanner: createLocalContactScanner(file), target: `the local store ${file}`, local: true };
  }
  const { baseUrl, apiVersion } = config.hubspot;
  const hubspot = createHubSpotStore({
    ...config.hubspot,
    token,
    timeoutMs: options.timeoutMs ?? config.hubspot.timeoutMs,
    ...(options.beforeCall === undefined ? {} : { beforeCall: options.beforeCall }),
    ...(options.readsDefinitions === true ? { propertiesApi: createPropertiesBatchApi({ accessToken: token, basePath: baseUrl, apiVersion }) } : {}),
  });
  return { store: hubspot, scanner: hubspot, target: `HubSpot at ${config.hubspot.baseUrl}`, local: false };
}

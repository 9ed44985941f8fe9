import type { PropertyTypes } from '../../src/crm/local/value-rules.js';
import type { ContactHistoryStore } from './contact-history-store.js';
import type { SimulatorOptions } from './options.js';
import type { SimResponse } from './sim-response.js';

/** A HubSpot request, once routed: path parameters decoded, the JSON body parsed (undefined when there was none). */
export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** The API a request was sent to: `/crm/v3/…`, or a date-based version (`/crm/objects/2026-09/…`). */
export type ApiVersion = 'v3' | '2026-03' | '2026-09';

/** The date-based versions the simulator answers, oldest first. */
export const DATE_VERSIONS = ['2026-03', '2026-09'] as const;

/** What a route works with. Routes are synchronous: the store changes only inside one call, atomically. */
export interface RouteContext {
  readonly store: ContactHistoryStore;
  readonly types: PropertyTypes;
  readonly options: SimulatorOptions;
  readonly now: () => number;
  readonly version: ApiVersion;
}

/** Whether a version enforces the portal's required-field rules on writes (HubSpot: from 2026-09 on). */
export function enforcesRequiredFields(version: ApiVersion): boolean {
  return version !== 'v3' && version >= '2026-09';
}

export type RouteHandler = (request: RouteRequest, context: RouteContext) => SimResponse;

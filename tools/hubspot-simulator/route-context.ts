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

/** What a route works with. Routes are synchronous: the store changes only inside one call, atomically. */
export interface RouteContext {
  readonly store: ContactHistoryStore;
  readonly types: PropertyTypes;
  readonly options: SimulatorOptions;
  readonly now: () => number;
}

export type RouteHandler = (request: RouteRequest, context: RouteContext) => SimResponse;

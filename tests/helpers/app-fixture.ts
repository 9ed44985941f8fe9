import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { loadConfig } from '../../src/config.js';
import type { ContactStore } from '../../src/crm/contact-store.js';
import { createLocalContactStore, type LocalContactStore } from '../../src/crm/local/local-store.js';
import { PortalPropertyTypes } from '../../src/crm/portal-property-types.js';
import type { PropertyType } from '../../src/properties/property-definitions.js';
import { createApp, type HttpHandler } from '../../src/http/app.js';
import { createJsonLogger } from '../../src/observability/logger.js';
import { createEmfMetrics } from '../../src/observability/metrics.js';
import type { Catalog } from '../../src/progress/types.js';
import type { EventQueue } from '../../src/tracking/event-queue.js';
import { type EventInput, apiGatewayEvent } from './api-gateway-event.js';

/** The fixed "now" of handler tests. */
export const NOW = new Date('2026-11-21T10:00:00.000Z');

export interface AppFixture {
  handler: HttpHandler;
  store: ContactStore;
  logs: Record<string, unknown>[];
  /** EMF metric lines, parsed. */
  metrics: Record<string, any>[];
  /** Sends one request and answers the status, headers and parsed JSON body. */
  send(input: EventInput): Promise<{ status: number; headers: Record<string, string>; body: any }>;
}

export interface AppFixtureOptions {
  env?: Record<string, string>;
  store?: ContactStore;
  catalog?: Catalog;
  clock?: () => Date;
  portalTypes?: Record<string, PropertyType>;
  queue?: EventQueue;
}

/** The real handler over the in-memory local contact store, CRM progress on, a fixed clock and captured logs. */
export function createAppFixture(options: AppFixtureOptions = {}): AppFixture & { store: ContactStore } {
  const config = loadConfig({ ENABLE_CRM_PROGRESS: 'true', CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://*.hubspotusercontent-na1.net', ...options.env });
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) });
  const metrics: Record<string, any>[] = [];
  const store = options.store ?? createLocalContactStore({ clock: () => NOW });
  const handler = createApp({
    config,
    catalog: options.catalog ?? loadCatalog(),
    store,
    clock: options.clock ?? (() => NOW),
    logger,
    propertyTypes: new PortalPropertyTypes(options.portalTypes),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    createMetrics: () => createEmfMetrics({ service: 'hhl-progress-api', write: (line) => metrics.push(JSON.parse(line)), clock: () => NOW }),
  });
  return {
    handler,
    store,
    logs,
    metrics,
    async send(input) {
      const response = await handler(apiGatewayEvent(input));
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body === undefined || response.body === '' ? undefined : JSON.parse(response.body),
      };
    },
  };
}

export type { LocalContactStore };

/** A track request body for a learner, with the event time `ts` set to {@link NOW}. */
export function trackBody(eventName: string, fields: Record<string, unknown> = {}, email = 'learner@example.com') {
  return { eventName, contactIdentifier: { email }, payload: { ts: NOW.toISOString(), ...fields } };
}

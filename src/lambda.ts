import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadCatalog } from './catalog/load-catalog.js';
import { loadConfig } from './config.js';
import { createHubSpotStore } from './crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from './crm/portal-property-types.js';
import { createApp } from './http/app.js';
import { createLogger } from './observability/logger.js';
import { createEmfMetrics } from './observability/metrics.js';
import { createSqsClient } from './queue/sqs-client.js';
import { createSqsEventQueue } from './queue/sqs-event-queue.js';

/**
 * The Lambda entry point: the only place that builds real clients. Configuration and the catalog are read once
 * per container; a bad value fails the cold start with every problem named.
 */
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
const catalog = loadCatalog(config.catalogPath);
const token = config.hubspot.token;
const store =
  config.crmEnabled && token !== undefined
    ? createHubSpotStore({ ...config.hubspot, token })
    : undefined;

const queueUrl = config.queue.url;
const queue = queueUrl === undefined ? undefined : createSqsEventQueue({ client: createSqsClient(config.queue.endpoint), queueUrl });
// One dimension value per stage, so two stages in one account do not add up in each other's alarms.
const service = `hhl-progress-api-${process.env.APP_STAGE ?? 'dev'}`;
const app = createApp({
  config,
  catalog,
  store,
  clock: () => new Date(),
  logger,
  propertyTypes: new PortalPropertyTypes(),
  createMetrics: () => createEmfMetrics({ service, write: (line) => console.log(line) }),
  queue,
});
if (config.auth.mode === 'none') {
  logger.warn('AUTH_MODE is none: any caller can read and write progress for any email it names; see docs/security.md');
}
if (config.crmEnabled && store === undefined) {
  logger.error('Configuration error: ENABLE_CRM_PROGRESS is true but HUBSPOT_ACCESS_TOKEN (the service key or private app token) is empty; events will be answered with fallback responses');
}

export async function handler(event: APIGatewayProxyEventV2, context?: Context) {
  if (context !== undefined) logger.addContext(context);
  return app(event);
}

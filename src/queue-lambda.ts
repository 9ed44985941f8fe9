import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { openCatalogSource } from './catalog/open-catalog-source.js';
import { loadConfig } from './config.js';
import { createHubSpotStore } from './crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from './crm/portal-property-types.js';
import { createLogger } from './observability/logger.js';
import { createConsumerHandler } from './queue/consumer-handler.js';
import { createSqsClient } from './queue/sqs-client.js';

/**
 * The queue consumer's Lambda entry point (SQS event source, batches of up to 100, ReportBatchItemFailures).
 * Like the API's entry point, the only place that builds real clients for it.
 */
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel, keys: { component: 'queue-consumer' } });
const token = config.hubspot.token;
if (token === undefined) throw new Error('The queue consumer needs HUBSPOT_PRIVATE_APP_TOKEN');
if (config.queue.url === undefined) throw new Error('The queue consumer needs QUEUE_URL');

const consume = createConsumerHandler({
  store: createHubSpotStore({ token, baseUrl: config.hubspot.baseUrl, timeoutMs: config.hubspot.timeoutMs }),
  catalog: openCatalogSource(config, logger, () => new Date()),
  clock: () => new Date(),
  logger,
  propertyTypes: new PortalPropertyTypes(),
  sqs: createSqsClient(config.queue.endpoint),
  queueUrl: config.queue.url,
});

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  return consume(event);
}

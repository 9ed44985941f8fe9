import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadCatalog } from './catalog/load-catalog.js';
import { loadConfig } from './config.js';
import { createHubSpotStore } from './crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from './crm/portal-property-types.js';
import { createLogger } from './observability/logger.js';
import { createConsumerHandler } from './queue/consumer-handler.js';
import { createSqsClient } from './queue/sqs-client.js';
import { createSqsEventQueue } from './queue/sqs-event-queue.js';

/**
 * The queue consumer's Lambda entry point (SQS event source, batches of up to 100, ReportBatchItemFailures).
 * Like the API's entry point, the only place that builds real clients for it.
 */
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel, keys: { component: 'queue-consumer' } });
const token = config.hubspot.token;
if (token === undefined) throw new Error('The queue consumer needs HUBSPOT_ACCESS_TOKEN (a service key or private app token)');
if (config.queue.url === undefined) throw new Error('The queue consumer needs QUEUE_URL');

const sqs = createSqsClient(config.queue.endpoint);
const consume = createConsumerHandler({
  store: createHubSpotStore({ ...config.hubspot, token }),
  catalog: loadCatalog(config.catalogPath),
  clock: () => new Date(),
  logger,
  propertyTypes: new PortalPropertyTypes(),
  sqs,
  queueUrl: config.queue.url,
  // Held messages (HubSpot's day spent, a 429, 423 or 477) go back to the events queue to wait.
  requeue: createSqsEventQueue({ client: sqs, queueUrl: config.queue.url }),
  allowCreate: config.auth.contactCreate.queue,
});

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  return consume(event);
}

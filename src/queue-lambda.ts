import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { openCatalogSource } from './catalog/open-catalog-source.js';
import { loadConfig } from './config.js';
import { createHubSpotStore } from './crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from './crm/portal-property-types.js';
import { ConsumerUnavailableError } from './errors.js';
import { createLogger, type RootLogger } from './observability/logger.js';
import { createConsumerHandler } from './queue/consumer-handler.js';
import { createSqsClient } from './queue/sqs-client.js';
import { verifyAfterBatch } from './queue/verify-after-batch.js';
import { boundToSecrets, secretsMaxAgeSeconds } from './secrets/bound-to-secrets.js';
import { createPowertoolsFetchers } from './secrets/powertools-fetchers.js';
import { SECRET_SETTINGS } from './secrets/secret-settings.js';
import { createSecretSource, type SecretResolution } from './secrets/secret-source.js';
import { createSqsEventQueue } from './queue/sqs-event-queue.js';

/**
 * The queue consumer's Lambda entry point (SQS event source, batches of up to 100, ReportBatchItemFailures). Like the
 * API's entry point, it reads its secrets at cold start (the HubSpot token only) and builds the real clients.
 *
 * A consumer that cannot reach HubSpot (no token could be read, or the configuration or catalog is refused) does not fail message after message into the
 * dead-letter queue: it pauses its own event source, so the queue keeps every message with its receives intact, and
 * throws, so `consumer-errors` alarms. The batch in hand goes back to the queue with one receive spent.
 */
const bootLogger = createLogger({ level: 'info', keys: { component: 'queue-consumer' } });
const secrets = createSecretSource({
  env: process.env,
  settings: SECRET_SETTINGS.filter((s) => s.functions.includes('queueConsumer')),
  fetchers: createPowertoolsFetchers(),
  maxAgeSeconds: secretsMaxAgeSeconds(process.env),
});
const propertyTypes = new PortalPropertyTypes();

type Consume = (event: SQSEvent) => Promise<SQSBatchResponse>;

function buildConsumer(resolution: SecretResolution): { consume: Consume; logger: RootLogger } {
  try {
    return buildWorkingConsumer(resolution);
  } catch (error) {
    // A configuration or catalog error would fail every batch until the messages dead-letter: pause instead.
    bootLogger.error('Queue consumer cannot start', { error });
    return { consume: pausedConsumer(bootLogger, 'it cannot start (see "Queue consumer cannot start")'), logger: bootLogger };
  }
}

function buildWorkingConsumer(resolution: SecretResolution): { consume: Consume; logger: RootLogger } {
  const config = loadConfig({ ...process.env, ...resolution.env });
  const logger = createLogger({ level: config.logLevel, keys: { component: 'queue-consumer' } });
  if (config.queue.url === undefined) throw new Error('The queue consumer needs QUEUE_URL');
  const catalog = openCatalogSource(config, logger, () => new Date());
  const token = config.hubspot.token;
  if (token === undefined) return { consume: pausedConsumer(logger, 'it has no HubSpot token'), logger };
  const sqs = createSqsClient(config.queue.endpoint);
  const consume = createConsumerHandler({
    store: createHubSpotStore({ ...config.hubspot, token }),
    catalog,
    clock: () => new Date(),
    logger,
    propertyTypes,
    sqs,
    queueUrl: config.queue.url,
    // Held messages (HubSpot's day spent, a 429, 423 or 477) go back to the events queue to wait.
    requeue: createSqsEventQueue({ client: sqs, queueUrl: config.queue.url }),
    allowCreate: config.auth.contactCreate.queue,
  });
  // Two consumers may write one learner at once: a delayed re-check repairs an overwrite (VERIFY_DELAY_SECONDS, 0: off).
  const delaySeconds = config.queue.verifyDelaySeconds;
  if (delaySeconds === 0) return { consume, logger };
  return { consume: verifyAfterBatch(consume, { sqs, queueUrl: config.queue.url, delaySeconds, logger }), logger };
}

/** Nothing can be written: stop the event source, keep the messages, fail loudly. */
function pausedConsumer(logger: RootLogger, reason: string): Consume {
  return async function consumeNothing(event) {
    const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
    logger.error('Queue consumer cannot reach HubSpot; pausing its event source', { reason, messages: event.Records.length, functionName });
    try {
      const { pauseEventSources } = await import('./queue/pause-event-source.js');
      const paused = await pauseEventSources(functionName);
      logger.error('Queue consumer event source paused; messages wait in the queue', { eventSourceMappings: paused });
    } catch (error) {
      logger.error('Could not pause the queue consumer event source', { error });
    }
    throw new ConsumerUnavailableError(`The queue consumer cannot reach HubSpot: ${reason}; its event source is paused and the batch returns to the queue`);
  };
}

const current = boundToSecrets(secrets, buildConsumer, (failure) =>
  bootLogger.error('Secret could not be read', { setting: failure.setting, reference: failure.reference, error: { message: failure.message } }),
);
current().catch(() => undefined);

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  const { consume, logger } = await current();
  if (context !== undefined) logger.addContext(context);
  return consume(event);
}

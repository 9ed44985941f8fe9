import type { CatalogSource } from '../catalog/catalog-source.js';
import { EMPTY_CATALOG } from '../catalog/empty-catalog.js';
import type { Catalog } from '../progress/types.js';
import type { Config } from '../config.js';
import type { ContactStore } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import type { Logger } from '../observability/logger.js';
import type { EventQueue } from '../tracking/event-queue.js';
import { startLocalSqs } from './local-sqs.js';
import { processBatch } from '../queue/process-batch.js';
import { startQueuePoller } from './queue-poller.js';
import { createSqsClient } from '../queue/sqs-client.js';
import { createSqsEventQueue } from '../queue/sqs-event-queue.js';

export interface LocalPipeline {
  queue: EventQueue;
  /** Where the queue is, for the start-up line. */
  description: string;
  stop(): Promise<void>;
}

/**
 * The queued path on a laptop as in AWS: with `QUEUE_URL` the configured SQS queue, else an embedded SQS-compatible
 * server with a dead-letter queue (maxReceiveCount 5); and a consumer polling it in batches of up to 100 with a
 * one-second window, one batch at a time, over the same contact store the API uses.
 */
export async function startLocalPipeline(deps: {
  config: Config;
  store: ContactStore;
  catalog: Catalog | CatalogSource;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
}): Promise<LocalPipeline> {
  const embedded = deps.config.queue.url === undefined ? await startLocalSqs({ visibilityTimeoutSeconds: 30 }) : undefined;
  const queueUrl = deps.config.queue.url ?? embedded?.queueUrl ?? '';
  const sqs = createSqsClient(embedded?.endpoint ?? deps.config.queue.endpoint);
  const logger = deps.logger.child({ component: 'queue-consumer' });
  const queue = createSqsEventQueue({ client: sqs, queueUrl });
  const poller = startQueuePoller({
    sqs,
    queueUrl,
    logger,
    process: async (messages) => {
      const catalog = 'get' in deps.catalog ? ((await deps.catalog.get()) ?? EMPTY_CATALOG) : deps.catalog;
      const result = await processBatch({ ...deps, catalog, clock: () => new Date(), logger, requeue: queue, allowCreate: deps.config.auth.contactCreate.queue }, messages);
      logger.info('Queue batch processed', { messages: messages.length, written: result.written, failed: result.failed.length });
      return result;
    },
  });
  return {
    queue,
    description: embedded === undefined ? queueUrl : `embedded SQS-compatible queue at ${embedded.endpoint} (dead-letter queue after 5 receives)`,
    async stop() {
      await poller.stop();
      sqs.destroy();
      await embedded?.close();
    },
  };
}

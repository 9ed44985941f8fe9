import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { CatalogSource } from '../catalog/catalog-source.js';
import type { Logger } from '../observability/logger.js';
import type { Catalog } from '../progress/types.js';
import { type BatchDependencies, type FailedMessage, processBatch } from './process-batch.js';

/** How long a batch waits in the queue when no catalog could be loaded (HubDB down since the cold start). */
const NO_CATALOG_RETRY_SECONDS = 60;

/**
 * The queue consumer as a Lambda on an SQS event source (`ReportBatchItemFailures`): processes the batch and answers
 * only the failed messages, so SQS redelivers exactly those. A message HubSpot asked us to wait on (429, 423, 477) was
 * already sent back to the queue with a delay by `processBatch` (held: it counts as done here). A failure that deserves
 * a back-off (5xx, timeout) has its visibility changed to that delay first, so the retry waits in the queue, not in a
 * sleeping Lambda. After maxReceiveCount deliveries SQS moves a message to the dead-letter queue.
 */
export function createConsumerHandler(
  deps: Omit<BatchDependencies, 'catalog'> & { catalog: Catalog | CatalogSource; sqs: SQSClient; queueUrl: string; logger: Logger },
) {
  return async function handleSqs(event: SQSEvent): Promise<SQSBatchResponse> {
    const started = Date.now();
    const records = new Map(event.Records.map((r) => [r.messageId, r]));
    const catalog = 'get' in deps.catalog ? await deps.catalog.get() : deps.catalog;
    const { failed, written, held }: { failed: FailedMessage[]; written: number; held: readonly unknown[] } =
      catalog === undefined
        ? { failed: event.Records.map((r) => ({ id: r.messageId, reason: 'catalog unavailable', retryAfterSeconds: NO_CATALOG_RETRY_SECONDS })), written: 0, held: [] }
        : await processBatch(
            { ...deps, catalog },
            event.Records.map((r) => ({ id: r.messageId, body: r.body, receiveCount: Number(r.attributes.ApproximateReceiveCount ?? '1') })),
          );
    if (catalog === undefined) deps.logger.error('Catalog unavailable; the batch returns to the queue', { messages: event.Records.length });
    const delayed = failed.filter((f) => f.retryAfterSeconds !== undefined);
    for (let i = 0; i < delayed.length; i += 10) {
      const chunk = delayed.slice(i, i + 10);
      try {
        await deps.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: deps.queueUrl,
            Entries: chunk.map((f, n) => ({ Id: String(n), ReceiptHandle: records.get(f.id)?.receiptHandle ?? '', VisibilityTimeout: f.retryAfterSeconds ?? 0 })),
          }),
        );
      } catch (error) {
        deps.logger.warn('Could not delay failed messages; they return after the visibility timeout', { error });
      }
    }
    deps.logger.info('Queue batch processed', { messages: event.Records.length, written, failed: failed.length, held: held.length, latencyMs: Date.now() - started });
    return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.id })) };
  };
}

import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { identityKey } from '../identity.js';
import type { Logger } from '../observability/logger.js';
import { MAX_QUEUE_DELAY_SECONDS } from '../tracking/event-queue.js';
import { parseQueueMessage, verifyMessage } from '../tracking/queue-message.js';
import type { RequestIdentity } from '../identity.js';

type Consume = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * With more than one consumer in flight (the event source's maximum concurrency is at least 2), two batches can hold
 * events for one learner and both read before either writes; the later write then overwrites the earlier one's facts
 * in `hhl_progress_state`. Reads merge the state's recent versions, so nothing is lost for ten minutes, but the stored
 * value lacks them until the learner is written again. So, as the direct path does after each write, a delayed
 * `verify` message is queued for every learner whose events this batch took: the consumer reads the learner again
 * once the burst is over and writes the merged state (only when it differs). Verify messages queue no further
 * verify, so the repair ends; a repair that itself overwrote a concurrent batch is repaired by that batch's own verify.
 */
export function verifyAfterBatch(consume: Consume, deps: { sqs: SQSClient; queueUrl: string; delaySeconds: number; logger: Logger }): Consume {
  return async function consumeAndVerify(event) {
    const response = await consume(event);
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const learners = new Map<string, RequestIdentity>();
    for (const record of event.Records) {
      if (failed.has(record.messageId)) continue;
      const message = parseQueueMessage(record.body);
      if (message?.kind === 'event') learners.set(identityKey(message.learner.identity), message.learner);
    }
    const verifies = [...learners.values()];
    for (let i = 0; i < verifies.length; i += 10) {
      const chunk = verifies.slice(i, i + 10);
      try {
        const sent = await deps.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: deps.queueUrl,
            Entries: chunk.map((learner, n) => ({ Id: String(n), MessageBody: JSON.stringify(verifyMessage(learner)), DelaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, deps.delaySeconds) })),
          }),
        );
        if ((sent.Failed ?? []).length > 0) deps.logger.warn('Could not schedule the post-batch check for some learners', { learners: sent.Failed?.length });
      } catch (error) {
        deps.logger.warn('Could not schedule the post-batch check for some learners', { learners: chunk.length, error });
      }
    }
    return response;
  };
}

import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from '../observability/logger.js';
import type { FailedMessage, InboundMessage } from '../queue/process-batch.js';

export interface QueuePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  process: (messages: InboundMessage[]) => Promise<{ failed: FailedMessage[] }>;
  logger: Logger;
  /** Most messages in one batch (Lambda's SQS batch size). */
  batchSize?: number;
  /** How long to gather a batch once the first message arrived (Lambda's batching window). */
  windowMs?: number;
  /** Seconds a receive waits for messages (long polling). */
  waitSeconds?: number;
  /** Visibility timeout for received messages; the queue's own when not given (tests use 1 s for fast redelivery). */
  visibilityTimeoutSeconds?: number;
}

export interface QueuePoller {
  /** Resolves when no batch is in flight; stops polling. */
  stop(): Promise<void>;
}

/**
 * Runs the consumer locally the way Lambda's SQS event source does in AWS: one consumer in flight, batches of up to
 * `batchSize` gathered for up to `windowMs`, successful messages deleted, failed ones left for redelivery (with the
 * delay the batch asked for), so the dead-letter queue takes a message after maxReceiveCount deliveries.
 */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const batchSize = options.batchSize ?? 100;
  // Deliveries counted here, by message id: the embedded local-aws-sqs (2.0.2) also adds one to
  // ApproximateReceiveCount on every ChangeMessageVisibility, which would double the back-off steps.
  const deliveries = new Map<string, number>();
  const windowMs = options.windowMs ?? 1000;
  const waitSeconds = options.waitSeconds ?? 1;
  let running = true;

  async function receive(max: number, wait: number): Promise<Message[]> {
    const answer = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: wait,
        ...(options.visibilityTimeoutSeconds === undefined ? {} : { VisibilityTimeout: options.visibilityTimeoutSeconds }),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        // The older name, which SQS still honours and the embedded server reads.
        AttributeNames: ['All'],
      }),
    );
    return answer.Messages ?? [];
  }

  async function gather(): Promise<Message[]> {
    const batch = await receive(batchSize, waitSeconds);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + windowMs;
    while (running && batch.length < batchSize && Date.now() < deadline) {
      const more = await receive(batchSize - batch.length, 0);
      if (more.length === 0) await new Promise((r) => setTimeout(r, 20));
      batch.push(...more);
    }
    return batch;
  }

  async function settle(batch: Message[], failed: FailedMessage[]): Promise<void> {
    const failedIds = new Set(failed.map((f) => f.id));
    const done = batch.filter((m) => !failedIds.has(m.MessageId ?? ''));
    for (let i = 0; i < done.length; i += 10) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
    const handles = new Map(batch.map((m) => [m.MessageId ?? '', m.ReceiptHandle ?? '']));
    for (const f of failed) {
      if (f.retryAfterSeconds === undefined) continue;
      await options.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: options.queueUrl, ReceiptHandle: handles.get(f.id) ?? '', VisibilityTimeout: f.retryAfterSeconds }),
      );
    }
  }

  const loop = (async () => {
    while (running) {
      try {
        const batch = await gather();
        if (batch.length === 0) continue;
        const { failed } = await options.process(
          batch.map((m) => {
            const id = m.MessageId ?? '';
            const count = (deliveries.get(id) ?? 0) + 1;
            deliveries.set(id, count);
            return { id, body: m.Body ?? '', receiveCount: count };
          }),
        );
        const failedIds = new Set(failed.map((f) => f.id));
        for (const m of batch) if (!failedIds.has(m.MessageId ?? '')) deliveries.delete(m.MessageId ?? '');
        await settle(batch, failed);
      } catch (error) {
        if (!running) break;
        options.logger.error('Queue poller error; retrying in a second', { error });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
